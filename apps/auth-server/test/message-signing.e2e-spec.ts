import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { getRepositoryToken } from '@nestjs/typeorm';
import { decodeJwt, decodeProtectedHeader, SignJWT, UnsecuredJWT } from 'jose';
import * as oauth from 'oauth4webapi';
import request from 'supertest';
import type { Repository } from 'typeorm';
import { sha256 } from '../src/common/hash';
import { PushedRequestEntity } from '../src/par/pushed-request.entity';
import { startAuthServer, type AuthServerHarness } from './auth-server-harness';
import { TestBrowser } from './browser';
import { clientAssertion, clientCredentialsToken, createClient, dpopProof, type TestClient } from './client-fixtures';

// FAPI 2.0 Message Signing at the authorization server: signed request objects at PAR (RFC 9101, PAR-19/20/21,
// DISC-19) and JWT-secured authorization responses (JARM, AUTHZ-17), over HTTP with real clients' messages.
describe('FAPI 2.0 Message Signing: signed request objects at PAR and JARM responses', () => {
  let as: AuthServerHarness;
  let client: TestClient;
  let other: TestClient;
  let metadata: oauth.AuthorizationServer;
  const issuer = 'https://localhost:8443/obgeneric/gobank';
  const redirectUri = 'https://tpp.example/cb?dummy1=lorem&dummy2=ipsum';
  const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

  beforeAll(async () => {
    as = await startAuthServer();
    const registered = {
      client_name: 'Signing TPP',
      grant_types: ['authorization_code'],
      redirect_uris: [redirectUri],
      scope: 'openid accounts',
    };
    client = await createClient(as.app, registered);
    other = await createClient(as.app, registered);
    const issuerUrl = new URL(issuer);
    metadata = await oauth.processDiscoveryResponse(
      issuerUrl,
      await oauth.discoveryRequest(issuerUrl, { [oauth.customFetch]: as.fetch }),
    );
  });
  afterAll(() => as?.close());

  const http = () => request(as.app.getHttpServer());
  const pushed = () => as.app.get<Repository<PushedRequestEntity>>(getRepositoryToken(PushedRequestEntity));
  const now = () => Math.floor(Date.now() / 1000);

  /** The suite's request object (§1.3): every parameter plus aud, iss, client_id, nbf, exp. */
  function requestClaims(c: TestClient, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const claims: Record<string, unknown> = {
      iss: c.clientId,
      aud: issuer,
      client_id: c.clientId,
      nbf: now(),
      exp: now() + 300,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: 'openid accounts',
      state: randomBytes(96).toString('base64url'),
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...overrides,
    };
    for (const name of Object.keys(claims)) if (claims[name] === undefined) delete claims[name];
    return claims;
  }

  function requestObject(c: TestClient, overrides: Record<string, unknown> = {}, signer: TestClient = c) {
    return new SignJWT(requestClaims(c, overrides))
      .setProtectedHeader({ alg: 'ES256', typ: 'oauth-authz-req+jwt', kid: signer.publicJwk.kid })
      .sign(signer.privateKey);
  }

  /** A PAR with `request` and private_key_jwt client authentication (no client_id, as the OIDF suite sends it). */
  async function push(c: TestClient, form: Record<string, string>) {
    return http()
      .post('/obgeneric/gobank/par')
      .type('form')
      .send({
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await clientAssertion(c, issuer),
        ...form,
      });
  }

  /** The operator changes the server's setting through the admin API (scope manage_servers). */
  async function requireSignedRequests(value: unknown) {
    const operator = await createClient(as.app, { scope: 'manage_servers' });
    const { accessToken, key } = await clientCredentialsToken(() => http(), operator);
    const path = '/api/admin/obgeneric/servers/gobank';
    const ath = createHash('sha256').update(accessToken).digest('base64url');
    return http()
      .patch(path)
      .set('Authorization', `DPoP ${accessToken}`)
      .set('DPoP', await dpopProof(key, 'PATCH', `https://localhost:8443${path}`, { ath }))
      .send({ require_signed_request_object: value });
  }

  it('DISC-19: discovery advertises request objects and JARM with FAPI algorithms only', () => {
    expect(metadata).toMatchObject({
      request_parameter_supported: true,
      request_object_signing_alg_values_supported: ['PS256', 'ES256', 'EdDSA'],
      require_signed_request_object: false,
      response_modes_supported: ['query', 'jwt', 'query.jwt'],
      authorization_signing_alg_values_supported: ['PS256', 'ES256', 'EdDSA'],
    });
  });

  it('PAR-21 / RFC 9126 §3: a signed request object is accepted, and only its parameters count', async () => {
    const state = 'from-the-object';
    const res = await push(client, {
      request: await requestObject(client, { state, iat: now() }),
      // Outside the object: ignored (a scope the client may not use, another state, another redirect).
      scope: 'openid profile',
      state: 'from-the-form',
      redirect_uri: 'https://evil.example/cb',
    });
    expect(res.status).toBe(201);
    const row = await pushed().findOneByOrFail({ requestUriHash: sha256(res.body.request_uri) });
    expect(row.parameters).toMatchObject({ state, scope: 'openid accounts', redirect_uri: redirectUri });
  });

  it('PAR-21: client_id outside the object too (as openid-client sends it) is accepted', async () => {
    const res = await push(client, { client_id: client.clientId, request: await requestObject(client) });
    expect(res.status).toBe(201);
  });

  type Case = [string, () => Promise<Record<string, string>>, string, string];
  const cases: Case[] = [
    [
      'PAR-20 / suite 24: no exp',
      async () => ({ request: await requestObject(client, { exp: undefined }) }),
      'invalid_request_object',
      'request object has no exp',
    ],
    [
      'PAR-20 / suite 25: no nbf',
      async () => ({ request: await requestObject(client, { nbf: undefined }) }),
      'invalid_request_object',
      'request object has no nbf',
    ],
    [
      'PAR-20 / suite 28: expired',
      async () => ({ request: await requestObject(client, { nbf: now() - 600, exp: now() - 60 }) }),
      'invalid_request_object',
      'request object exp is in the past',
    ],
    [
      'PAR-20 / suite 29: a foreign aud',
      async () => ({ request: await requestObject(client, { aud: 'https://www.other1.example.com/' }) }),
      'invalid_request_object',
      'request object aud must be or contain the issuer',
    ],
    [
      'PAR-20 / suite 30: exp 70 minutes after nbf',
      async () => ({ request: await requestObject(client, { exp: now() + 70 * 60 }) }),
      'invalid_request_object',
      'request object exp is more than 60 minutes after nbf',
    ],
    [
      'PAR-20 / suite 32: nbf 70 minutes ago',
      async () => ({ request: await requestObject(client, { nbf: now() - 70 * 60, exp: now() + 60 }) }),
      'invalid_request_object',
      'request object nbf is more than 60 minutes in the past',
    ],
    [
      'PAR-20 / suite 35: alg none',
      async () => ({ request: new UnsecuredJWT(requestClaims(client)).encode() }),
      'invalid_request_object',
      'request object alg none is not allowed, use one of PS256, ES256, EdDSA',
    ],
    [
      "PAR-20 / suite 37: signed with another client's key",
      async () => ({ request: await requestObject(client, {}, other) }),
      'invalid_request_object',
      'no registered key of the client matches the request object',
    ],
    [
      'PAR-20: iss is not the client',
      async () => ({ request: await requestObject(client, { iss: other.clientId }) }),
      'invalid_request_object',
      'request object iss must be the client_id',
    ],
    [
      'PAR-20 / RFC 9126 §3: client_id inside differs from the authenticated client',
      async () => ({ request: await requestObject(client, { client_id: other.clientId }) }),
      'invalid_request_object',
      'request object client_id does not match the authenticated client',
    ],
    [
      'PAR-20 / suite 74: request_uri inside the object',
      async () => ({ request: await requestObject(client, { request_uri: 'urn:ietf:params:oauth:request_uri:abc' }) }),
      'invalid_request_object',
      'request object must not contain request_uri',
    ],
    [
      'PAR-22: no redirect_uri in the object (the one outside is ignored)',
      async () => ({ request: await requestObject(client, { redirect_uri: undefined }), redirect_uri: redirectUri }),
      'invalid_request',
      'missing parameter redirect_uri',
    ],
    [
      'PAR-11: request_uri next to the object',
      async () => ({ request: await requestObject(client), request_uri: 'urn:ietf:params:oauth:request_uri:abc' }),
      'invalid_request',
      'request_uri is not allowed at the PAR endpoint',
    ],
    [
      'JARM §2.3.1: form_post.jwt is not offered',
      async () => ({ request: await requestObject(client, { response_mode: 'form_post.jwt' }) }),
      'invalid_request',
      'response_mode form_post.jwt is not supported, use query, jwt or query.jwt',
    ],
  ];

  it.each(cases)('%s → 400 with the exact error, nothing stored', async (_name, form, error, description) => {
    const before = await pushed().count();
    const res = await push(client, await form());
    expect([res.status, res.body]).toEqual([400, { error, error_description: description }]);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(await pushed().count()).toBe(before);
  });

  describe('PAR-19: unsigned requests refused when signing is required', () => {
    const unsigned = () => ({
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: 'openid accounts',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });

    it('by the server setting, changed through the admin API (discovery says require_signed_request_object: true)', async () => {
      const patched = await requireSignedRequests(true);
      expect([patched.status, patched.body.settings.require_signed_request_object]).toEqual([200, true]);
      try {
        const discovery = await http().get('/obgeneric/gobank/.well-known/openid-configuration');
        expect(discovery.body.require_signed_request_object).toBe(true);
        const res = await push(client, unsigned());
        expect([res.status, res.body]).toEqual([
          400,
          { error: 'invalid_request', error_description: 'this server requires a signed request object (request)' },
        ]);
        expect((await push(client, { request: await requestObject(client) })).status).toBe(201);
      } finally {
        expect((await requireSignedRequests(false)).status).toBe(200);
      }
      expect((await requireSignedRequests('yes')).status).toBe(400);
    });

    it('by the client metadata require_signed_request_object (RFC 9101 §10.5)', async () => {
      const strict = await createClient(as.app, {
        grant_types: ['authorization_code'],
        redirect_uris: [redirectUri],
        scope: 'openid accounts',
        require_signed_request_object: true,
      });
      const res = await push(strict, unsigned());
      expect([res.status, res.body.error]).toEqual([400, 'invalid_request']);
      expect(res.body.error_description).toBe('this client registered require_signed_request_object: send request');
      expect((await push(strict, { request: await requestObject(strict) })).status).toBe(201);
      // Other clients of the server still push plain requests.
      expect((await push(client, unsigned())).status).toBe(201);
    });
  });

  describe('AUTHZ-17: JARM responses, success and error, in both modes', () => {
    /** Pushes a signed request, logs in and decides on the built-in pages; the redirect to the client. */
    async function authorize(c: TestClient, responseMode: string, action: 'confirm' | 'deny', state: string) {
      const res = await push(c, { request: await requestObject(c, { response_mode: responseMode, state }) });
      expect(res.status).toBe(201);
      const browser = new TestBrowser(as.localBase, as.publicBase);
      const authorizeUrl = new URL(metadata.authorization_endpoint!);
      authorizeUrl.searchParams.set('client_id', c.clientId);
      authorizeUrl.searchParams.set('request_uri', res.body.request_uri as string);
      const loginUrl = (await browser.get(authorizeUrl.href)).headers.get('location')!;
      const consent = (await browser.follow(
        await browser.post(loginUrl, { username: 'user', password: 'p@ssword!' }),
      )) as Response;
      const consentUrl = consent.url.replace(as.localBase, as.publicBase);
      const location = await browser.follow(await browser.post(consentUrl, { action }));
      expect(location).toBeInstanceOf(URL);
      return location as URL;
    }

    it.each(['jwt', 'query.jwt'])(
      'response_mode=%s: success is one signed response parameter a strict client accepts',
      async (mode) => {
        const state = randomUUID();
        const location = await authorize(client, mode, 'confirm', state);
        // Only `response`, next to the registered query; no code, state or iss outside the JWT.
        expect(location.origin + location.pathname).toBe('https://tpp.example/cb');
        expect([...location.searchParams.keys()].sort()).toEqual(['dummy1', 'dummy2', 'response']);
        const jwt = location.searchParams.get('response')!;
        const header = decodeProtectedHeader(jwt);
        const claims = decodeJwt(jwt);
        expect(header).toMatchObject({ alg: 'PS256', kid: expect.any(String) });
        expect(claims).toMatchObject({ iss: issuer, aud: client.clientId, state, code: expect.any(String) });
        expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(600);
        expect(claims.exp! - claims.iat!).toBeGreaterThanOrEqual(10);
        // oauth4webapi: alg allowed by discovery, key from the JWKS by kid, iss/aud/exp, then the usual checks.
        const params = await oauth.validateJwtAuthResponse(metadata, { client_id: client.clientId }, location, state, {
          [oauth.customFetch]: as.fetch,
        });
        expect(params.get('code')).toBe(claims.code);
        expect(params.get('iss')).toBe(issuer);
      },
    );

    it.each(['jwt', 'query.jwt'])(
      'response_mode=%s: the user cancels → access_denied inside the signed response',
      async (mode) => {
        const state = randomUUID();
        const location = await authorize(client, mode, 'deny', state);
        expect([...location.searchParams.keys()].sort()).toEqual(['dummy1', 'dummy2', 'response']);
        const claims = decodeJwt(location.searchParams.get('response')!);
        expect(claims).toMatchObject({
          iss: issuer,
          aud: client.clientId,
          state,
          error: 'access_denied',
          error_description: 'The user rejected the request',
        });
        expect(claims.code).toBeUndefined();
        await expect(
          oauth.validateJwtAuthResponse(metadata, { client_id: client.clientId }, location, state, {
            [oauth.customFetch]: as.fetch,
          }),
        ).rejects.toMatchObject({ error: 'access_denied' });
      },
    );

    it("JARM §3: signed with the client's authorization_signed_response_alg", async () => {
      const es256 = await createClient(as.app, {
        grant_types: ['authorization_code'],
        redirect_uris: [redirectUri],
        scope: 'openid accounts',
        authorization_signed_response_alg: 'ES256',
      });
      const state = randomUUID();
      const location = await authorize(es256, 'jwt', 'confirm', state);
      const jwt = location.searchParams.get('response')!;
      expect(decodeProtectedHeader(jwt).alg).toBe('ES256');
      const client = { client_id: es256.clientId, authorization_signed_response_alg: 'ES256' };
      await expect(
        oauth.validateJwtAuthResponse(metadata, client, location, state, { [oauth.customFetch]: as.fetch }),
      ).resolves.toBeInstanceOf(URLSearchParams);
    });

    it('without response_mode the plain query response is unchanged (AUTHZ-01)', async () => {
      const state = randomUUID();
      const location = await authorize(client, 'query', 'confirm', state);
      expect([...location.searchParams.keys()].sort()).toEqual(['code', 'dummy1', 'dummy2', 'iss', 'state']);
    });
  });
});
