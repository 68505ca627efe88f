import { getRepositoryToken } from '@nestjs/typeorm';
import * as oauth from 'oauth4webapi';
import request from 'supertest';
import type { Repository } from 'typeorm';
import { TokenEntity } from '../src/token-store/token.entity';
import { startAuthServer, type AuthServerHarness } from './auth-server-harness';
import { clientAssertion, createClient, dpopKey, dpopProof, type TestClient } from './client-fixtures';

// FAPI checklist §3.6 (TOKEN-*) for the client_credentials grant with private_key_jwt and DPoP.
describe('token endpoint: client_credentials (RFC 6749 §4.4) with private_key_jwt and DPoP', () => {
  let as: AuthServerHarness;
  let client: TestClient;
  const tokenPath = '/obgeneric/gobank/oauth2/token';
  const tokenUrl = 'https://localhost:8443/obgeneric/gobank/oauth2/token';
  const issuer = 'https://localhost:8443/obgeneric/gobank';

  beforeAll(async () => {
    as = await startAuthServer();
    client = await createClient(as.app);
  });
  afterAll(() => as?.close());

  const tokens = () => as.app.get<Repository<TokenEntity>>(getRepositoryToken(TokenEntity));
  const post = () => request(as.app.getHttpServer()).post(tokenPath).type('form');

  /** A nonce the server accepts: the first proof without one is answered with it (TOKEN-18). */
  async function nonce(): Promise<string> {
    const key = await dpopKey();
    const res = await post()
      .set('DPoP', await dpopProof(key, 'POST', tokenUrl))
      .send({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await clientAssertion(client, issuer),
      });
    expect(res.body.error).toBe('use_dpop_nonce');
    return res.headers['dpop-nonce'] as string;
  }

  async function validForm(extra: Record<string, string> = {}): Promise<Record<string, string>> {
    return {
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await clientAssertion(client, issuer),
      ...extra,
    };
  }

  it('TOKEN-01/03/18/25: a strict client (oauth4webapi) gets a DPoP-bound access token after the nonce retry, with no refresh token', async () => {
    const issuerUrl = new URL(issuer);
    const metadata = await oauth.processDiscoveryResponse(
      issuerUrl,
      await oauth.discoveryRequest(issuerUrl, { [oauth.customFetch]: as.fetch }),
    );
    const key = await dpopKey();
    const oauthClient: oauth.Client = { client_id: client.clientId };
    const DPoP = oauth.DPoP(oauthClient, { privateKey: key.privateKey, publicKey: key.publicKey });
    const clientAuth = oauth.PrivateKeyJwt({ key: client.privateKey, kid: client.publicJwk.kid });
    const call = () =>
      oauth.clientCredentialsGrantRequest(
        metadata,
        oauthClient,
        clientAuth,
        new URLSearchParams({ scope: 'accounts' }),
        {
          DPoP,
          [oauth.customFetch]: as.fetch,
        },
      );
    let result: oauth.TokenEndpointResponse;
    try {
      result = await oauth.processClientCredentialsResponse(metadata, oauthClient, await call());
      throw new Error('expected use_dpop_nonce first');
    } catch (e) {
      expect(oauth.isDPoPNonceError(e)).toBe(true);
      result = await oauth.processClientCredentialsResponse(metadata, oauthClient, await call());
    }
    expect(result.token_type).toBe('dpop');
    expect(result.scope).toBe('accounts');
    expect(result.refresh_token).toBeUndefined();
    expect(result.expires_in).toBe(600);
    expect(result.access_token.length).toBeGreaterThanOrEqual(43);
    const stored = await tokens().findOneByOrFail({ clientId: client.clientId, kind: 'access_token' });
    expect(stored.jkt).toBe(key.jkt);
    expect(stored.tokenHash).not.toBe(result.access_token);
  });

  it('TOKEN-01/TOKEN-27: answers with Cache-Control no-store and a fresh DPoP-Nonce', async () => {
    const key = await dpopKey();
    const res = await post()
      .set('DPoP', await dpopProof(key, 'POST', tokenUrl, { nonce: await nonce() }))
      .send(await validForm())
      .expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['dpop-nonce']).toMatch(/^[\x21\x23-\x5b\x5d-\x7e]+$/);
    expect(res.body).toMatchObject({ token_type: 'DPoP', scope: 'accounts', expires_in: 600 });
  });

  type Case = [
    string,
    () => Promise<{ form: Record<string, string>; dpop?: string | null; status: number; error: string }>,
  ];
  const cases: Case[] = [
    [
      'TOKEN-24: grant_type=password',
      async () => ({ form: await validForm({ grant_type: 'password' }), status: 400, error: 'unsupported_grant_type' }),
    ],
    [
      'TOKEN-24: unknown grant_type',
      async () => ({
        form: await validForm({ grant_type: 'urn:x:nope' }),
        status: 400,
        error: 'unsupported_grant_type',
      }),
    ],
    ['missing grant_type', async () => ({ form: { client_assertion: 'x' }, status: 400, error: 'invalid_request' })],
    [
      'TOKEN-12: no client authentication',
      async () => ({
        form: { grant_type: 'client_credentials', client_id: client.clientId },
        status: 401,
        error: 'invalid_client',
      }),
    ],
    [
      'TOKEN-12: client_secret instead of an assertion',
      async () => ({
        form: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: 's' },
        status: 401,
        error: 'invalid_client',
      }),
    ],
    [
      'TOKEN-12: assertion with the token endpoint as aud',
      async () => ({
        form: await validForm({ client_assertion: await clientAssertion(client, tokenUrl) }),
        status: 401,
        error: 'invalid_client',
      }),
    ],
    [
      'TOKEN-12: assertion expired 5 min ago',
      async () => ({
        form: await validForm({
          client_assertion: await clientAssertion(client, issuer, {
            exp: Math.floor(Date.now() / 1000) - 300,
            iat: Math.floor(Date.now() / 1000) - 360,
          }),
        }),
        status: 401,
        error: 'invalid_client',
      }),
    ],
    [
      'TOKEN-12: assertion of another server (foreign aud)',
      async () => ({
        form: await validForm({
          client_assertion: await clientAssertion(client, 'https://localhost:8443/obgeneric/hyperscalebank'),
        }),
        status: 401,
        error: 'invalid_client',
      }),
    ],
    [
      'TOKEN-12: assertion with an unknown client',
      async () => ({
        form: await validForm({ client_assertion: await clientAssertion({ ...client, clientId: 'nobody' }, issuer) }),
        status: 401,
        error: 'invalid_client',
      }),
    ],
    [
      'TOKEN-04: no DPoP proof and no client certificate',
      async () => ({ form: await validForm(), dpop: null, status: 400, error: 'invalid_request' }),
    ],
    [
      'TOKEN-16: DPoP proof for another endpoint (htu)',
      async () => ({
        form: await validForm(),
        dpop: await dpopProof(await dpopKey(), 'POST', `${issuer}/par`, { nonce: await nonce() }),
        status: 400,
        error: 'invalid_dpop_proof',
      }),
    ],
    [
      'TOKEN-16: DPoP proof with htm GET',
      async () => ({
        form: await validForm(),
        dpop: await dpopProof(await dpopKey(), 'GET', tokenUrl, { nonce: await nonce() }),
        status: 400,
        error: 'invalid_dpop_proof',
      }),
    ],
    [
      'TOKEN-16: malformed DPoP proof',
      async () => ({ form: await validForm(), dpop: 'not-a-jwt', status: 400, error: 'invalid_dpop_proof' }),
    ],
    [
      'TOKEN-18: DPoP proof with a wrong nonce',
      async () => ({
        form: await validForm(),
        dpop: await dpopProof(await dpopKey(), 'POST', tokenUrl, { nonce: 'made-up' }),
        status: 400,
        error: 'use_dpop_nonce',
      }),
    ],
    [
      'invalid_scope: a scope the client did not register',
      async () => ({ form: await validForm({ scope: 'accounts email' }), status: 400, error: 'invalid_scope' }),
    ],
  ];

  it.each(cases)('%s → exact error, no-store, nothing issued', async (_name, make) => {
    const before = await tokens().count();
    const c = await make();
    let req = post();
    const proof =
      c.dpop === undefined ? await dpopProof(await dpopKey(), 'POST', tokenUrl, { nonce: await nonce() }) : c.dpop;
    if (proof !== null) req = req.set('DPoP', proof);
    const res = await req.send(c.form);
    expect([res.status, res.body.error]).toEqual([c.status, c.error]);
    expect(typeof res.body.error_description).toBe('string');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    if (c.error === 'use_dpop_nonce') expect(res.headers['dpop-nonce']).toBeTruthy();
    expect(await tokens().count()).toBe(before);
  });

  it('TOKEN-12: a replayed client assertion jti is refused', async () => {
    const assertion = await clientAssertion(client, issuer);
    const form = await validForm({ client_assertion: assertion });
    const first = await post()
      .set('DPoP', await dpopProof(await dpopKey(), 'POST', tokenUrl, { nonce: await nonce() }))
      .send(form);
    expect(first.status).toBe(200);
    const again = await post()
      .set('DPoP', await dpopProof(await dpopKey(), 'POST', tokenUrl, { nonce: await nonce() }))
      .send(form);
    expect([again.status, again.body.error]).toEqual([401, 'invalid_client']);
  });

  it('TOKEN-16: a replayed DPoP proof is refused', async () => {
    const proof = await dpopProof(await dpopKey(), 'POST', tokenUrl, { nonce: await nonce() });
    await post()
      .set('DPoP', proof)
      .send(await validForm())
      .expect(200);
    const again = await post()
      .set('DPoP', proof)
      .send(await validForm());
    expect([again.status, again.body.error]).toEqual([400, 'invalid_dpop_proof']);
  });

  it('PAR-17d / TOKEN-18a: a proof with a stale iat but a valid server nonce is accepted (RFC 9449 §11.1)', async () => {
    const skewed = { iat: Math.floor(Date.now() / 1000) - 3600, nonce: await nonce() };
    const res = await post()
      .set('DPoP', await dpopProof(await dpopKey(), 'POST', tokenUrl, skewed))
      .send(await validForm());
    expect([res.status, res.body.token_type]).toEqual([200, 'DPoP']);
    const withoutNonce = await post()
      .set('DPoP', await dpopProof(await dpopKey(), 'POST', tokenUrl, { iat: skewed.iat }))
      .send(await validForm());
    expect([withoutNonce.status, withoutNonce.body.error]).toEqual([400, 'use_dpop_nonce']);
  });

  it('TOKEN-14: client authentication through the Authorization header that fails → 401 with WWW-Authenticate: Basic', async () => {
    const basic = `Basic ${Buffer.from(`${client.clientId}:secret`).toString('base64')}`;
    const res = await post()
      .set('Authorization', basic)
      .send({ grant_type: 'client_credentials', client_id: client.clientId });
    expect([res.status, res.body.error]).toEqual([401, 'invalid_client']);
    expect(res.headers['www-authenticate']).toBe(`Basic realm="${issuer}"`);
    const inBody = await post().send({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: 'secret',
    });
    expect([inBody.status, inBody.body.error, inBody.headers['www-authenticate']]).toEqual([
      401,
      'invalid_client',
      undefined,
    ]);
  });

  it('unauthorized_client: a client not registered for client_credentials', async () => {
    const codeOnly = await createClient(as.app, { grant_types: ['authorization_code'] });
    const res = await post()
      .set('DPoP', await dpopProof(await dpopKey(), 'POST', tokenUrl, { nonce: await nonce() }))
      .send(await validForm({ client_assertion: await clientAssertion(codeOnly, issuer) }));
    expect([res.status, res.body.error]).toEqual([400, 'unauthorized_client']);
  });

  it("a client of one bank's server does not exist at the other's", async () => {
    const res = await request(as.app.getHttpServer())
      .post('/obgeneric/hyperscalebank/oauth2/token')
      .type('form')
      .send(
        await validForm({
          client_assertion: await clientAssertion(client, 'https://localhost:8443/obgeneric/hyperscalebank'),
        }),
      );
    expect([res.status, res.body.error]).toEqual([401, 'invalid_client']);
  });

  it('TOKEN-26: GET answers 405, repeated parameters and non-form bodies invalid_request', async () => {
    const get = await request(as.app.getHttpServer()).get(tokenPath);
    expect([get.status, get.body.error, get.headers.allow]).toEqual([405, 'invalid_request', 'POST']);
    const repeated = await post().send('grant_type=client_credentials&grant_type=client_credentials');
    expect([repeated.status, repeated.body.error]).toEqual([400, 'invalid_request']);
    const json = await request(as.app.getHttpServer()).post(tokenPath).send({ grant_type: 'client_credentials' });
    expect([json.status, json.body.error]).toEqual([400, 'invalid_request']);
  });
});
