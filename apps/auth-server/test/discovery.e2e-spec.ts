import * as oauth from 'oauth4webapi';
import request from 'supertest';
import { SigningKeyService } from '../src/keys/signing-key.service';
import { ServerRegistry } from '../src/servers/server-registry.service';
import { startAuthServer, type AuthServerHarness } from './auth-server-harness';

// FAPI checklist §3.1 (DISC-*) and §3.2 (JWKS-*).
describe('discovery and JWKS', () => {
  let as: AuthServerHarness;
  beforeAll(async () => {
    as = await startAuthServer();
  });
  afterAll(() => as?.close());

  const http = () => request(as.app.getHttpServer());

  it.each(['gobank', 'hyperscalebank'])(
    'DISC-01/DISC-03: %s answers 200 JSON with its exact issuer, accepted by oauth4webapi',
    async (server) => {
      const res = await http().get(`/obgeneric/${server}/.well-known/openid-configuration`).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body.issuer).toBe(`https://localhost:8443/obgeneric/${server}`);
      const issuer = new URL(as.issuer(server));
      const response = await oauth.discoveryRequest(issuer, { algorithm: 'oidc', [oauth.customFetch]: as.fetch });
      const metadata = await oauth.processDiscoveryResponse(issuer, response);
      expect(metadata.issuer).toBe(issuer.href);
    },
  );

  it('DISC-02: serves RFC 8414 metadata at the inserted well-known path, identical to OIDC discovery', async () => {
    const oidc = await http().get('/obgeneric/gobank/.well-known/openid-configuration').expect(200);
    const rfc8414 = await http().get('/.well-known/oauth-authorization-server/obgeneric/gobank').expect(200);
    expect(rfc8414.body).toEqual(oidc.body);
    const issuer = new URL(as.issuer());
    const response = await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', [oauth.customFetch]: as.fetch });
    expect((await oauth.processDiscoveryResponse(issuer, response)).issuer).toBe(issuer.href);
  });

  it('DISC-04..DISC-18: advertises a FAPI 2.0 server', async () => {
    const { body: m } = await http().get('/obgeneric/gobank/.well-known/openid-configuration').expect(200);
    const base = 'https://localhost:8443/obgeneric/gobank';
    expect(m).toMatchObject({
      authorization_endpoint: `${base}/oauth2/authorize`,
      token_endpoint: `${base}/oauth2/token`,
      pushed_authorization_request_endpoint: `${base}/par`,
      registration_endpoint: `${base}/oauth2/register`,
      jwks_uri: `${base}/.well-known/jwks.json`,
      require_pushed_authorization_requests: true,
      response_types_supported: ['code'],
      authorization_response_iss_parameter_supported: true,
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth'],
      tls_client_certificate_bound_access_tokens: true,
      subject_types_supported: ['public'],
    });
    for (const member of [
      'token_endpoint_auth_signing_alg_values_supported',
      'dpop_signing_alg_values_supported',
      'id_token_signing_alg_values_supported',
    ]) {
      expect([member, m[member]]).toEqual([member, ['PS256', 'ES256', 'EdDSA']]);
    }
    expect(m.scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'email', 'profile', 'offline_access', 'accounts']),
    );
    expect(m.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials']),
    );
    for (const [name, value] of Object.entries(m)) {
      if (name.endsWith('_endpoint') || name === 'jwks_uri') expect(new URL(value as string).protocol).toBe('https:');
    }
  });

  it('DISC-14: mtls_endpoint_aliases point at port 8444, every key ends in _endpoint, exists at top level, and is not the authorization endpoint', async () => {
    const { body: m } = await http().get('/obgeneric/gobank/.well-known/openid-configuration').expect(200);
    const aliases = m.mtls_endpoint_aliases as Record<string, string>;
    expect(Object.keys(aliases).length).toBeGreaterThan(0);
    expect(aliases).not.toHaveProperty('authorization_endpoint');
    for (const [name, url] of Object.entries(aliases)) {
      expect(name).toMatch(/_endpoint$/);
      expect(m).toHaveProperty(name);
      expect(url).toBe((m[name] as string).replace('https://localhost:8443', 'https://localhost:8444'));
    }
  });

  it('answers an unknown tenant or server with a 404 OAuth error', async () => {
    const res = await http().get('/obgeneric/nobank/.well-known/openid-configuration').expect(404);
    expect(res.body).toEqual({ error: 'invalid_request', error_description: 'Unknown server obgeneric/nobank' });
    await http().get('/other/gobank/.well-known/jwks.json').expect(404);
  });

  it('JWKS-01..JWKS-05: publishes public signing keys only, each with a unique kid, alg and use', async () => {
    const res = await http().get('/obgeneric/gobank/.well-known/jwks.json').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const keys = res.body.keys as Array<Record<string, unknown>>;
    expect(keys.map((k) => k.alg).sort()).toEqual(['ES256', 'EdDSA', 'PS256']);
    expect(new Set(keys.map((k) => k.kid)).size).toBe(keys.length);
    for (const key of keys) {
      expect(key.use).toBe('sig');
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) expect(key).not.toHaveProperty(secret);
      if (key.alg === 'ES256') expect(key.crv).toBe('P-256');
      if (key.alg === 'EdDSA') expect(key.crv).toBe('Ed25519');
      if (key.alg === 'PS256')
        expect(Buffer.from(key.n as string, 'base64url').length * 8).toBeGreaterThanOrEqual(2048);
    }
    const other = await http().get('/obgeneric/hyperscalebank/.well-known/jwks.json').expect(200);
    const otherKids = (other.body.keys as Array<{ kid: string }>).map((k) => k.kid);
    expect(keys.some((k) => otherKids.includes(k.kid as string))).toBe(false);
  });

  it('JWKS-08: rotation publishes the new key and keeps the old one, and the new one signs', async () => {
    const before = (await http().get('/obgeneric/gobank/.well-known/jwks.json').expect(200)).body.keys as Array<{
      kid: string;
      alg: string;
    }>;
    const oldKid = before.find((k) => k.alg === 'ES256')!.kid;
    const server = await as.app.get(ServerRegistry).resolve('obgeneric', 'gobank');
    const keys = as.app.get(SigningKeyService);
    const newKid = await keys.rotate(server.entity, 'ES256');
    const after = (await http().get('/obgeneric/gobank/.well-known/jwks.json').expect(200)).body.keys as Array<{
      kid: string;
    }>;
    expect(after.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));
    expect((await keys.signingKey(server.entity.id, 'ES256')).kid).toBe(newKid);
  });
});
