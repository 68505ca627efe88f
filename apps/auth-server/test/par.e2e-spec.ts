import { createHash, randomBytes } from 'node:crypto';
import { getRepositoryToken } from '@nestjs/typeorm';
import * as oauth from 'oauth4webapi';
import request from 'supertest';
import type { Repository } from 'typeorm';
import { sha256 } from '../src/common/hash';
import { PushedRequestEntity } from '../src/par/pushed-request.entity';
import { startAuthServer, type AuthServerHarness } from './auth-server-harness';
import { clientAssertion, createClient, dpopKey, dpopProof, type TestClient } from './client-fixtures';

// FAPI checklist §3.4 (PAR-*): RFC 9126 with private_key_jwt, PKCE S256 and DPoP.
describe('pushed authorization requests (RFC 9126)', () => {
  let as: AuthServerHarness;
  let client: TestClient;
  const issuer = 'https://localhost:8443/obgeneric/gobank';
  const parUrl = `${issuer}/par`;
  const redirectUri = 'https://client.example/cb';
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');

  beforeAll(async () => {
    as = await startAuthServer();
    client = await createClient(as.app, {
      grant_types: ['authorization_code', 'refresh_token'],
      redirect_uris: [redirectUri, 'https://client.example/cb2?dummy1=lorem&dummy2=ipsum'],
      scope: 'openid email accounts offline_access',
    });
  });
  afterAll(() => as?.close());

  const pushed = () => as.app.get<Repository<PushedRequestEntity>>(getRepositoryToken(PushedRequestEntity));
  const post = () => request(as.app.getHttpServer()).post('/obgeneric/gobank/par').type('form');

  async function validForm(extra: Record<string, string> = {}): Promise<Record<string, string>> {
    return {
      client_id: client.clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await clientAssertion(client, issuer),
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: 'openid accounts',
      state: 'st-1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...extra,
    };
  }

  it('PAR-01/PAR-17: a strict client (oauth4webapi) pushes a DPoP-bound request and gets 201 after the nonce retry', async () => {
    const issuerUrl = new URL(issuer);
    const metadata = await oauth.processDiscoveryResponse(
      issuerUrl,
      await oauth.discoveryRequest(issuerUrl, { [oauth.customFetch]: as.fetch }),
    );
    const oauthClient: oauth.Client = { client_id: client.clientId };
    const key = await dpopKey();
    const DPoP = oauth.DPoP(oauthClient, { privateKey: key.privateKey, publicKey: key.publicKey });
    const clientAuth = oauth.PrivateKeyJwt({ key: client.privateKey, kid: client.publicJwk.kid });
    const params = new URLSearchParams({
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: 'openid email accounts offline_access',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'xyz',
      nonce: 'n-0S6_WzA2Mj',
    });
    const push = () =>
      oauth.pushedAuthorizationRequest(metadata, oauthClient, clientAuth, params, {
        DPoP,
        [oauth.customFetch]: as.fetch,
      });
    let result: oauth.PushedAuthorizationResponse;
    try {
      result = await oauth.processPushedAuthorizationResponse(metadata, oauthClient, await push());
      throw new Error('expected use_dpop_nonce first');
    } catch (e) {
      if (!oauth.isDPoPNonceError(e)) throw e;
      result = await oauth.processPushedAuthorizationResponse(metadata, oauthClient, await push());
    }
    // PAR-02, PAR-03: short-lived, ≥ 128 random bits.
    expect(result.expires_in).toBeGreaterThanOrEqual(30);
    expect(result.expires_in).toBeLessThan(600);
    expect(result.request_uri).toMatch(/^urn:ietf:params:oauth:request_uri:[A-Za-z0-9_-]{43}$/);
    const row = await pushed().findOneByOrFail({ requestUriHash: sha256(result.request_uri) });
    expect(row.clientId).toBe(client.clientId);
    expect(row.parameters).toMatchObject({
      dpop_jkt: key.jkt,
      state: 'xyz',
      nonce: 'n-0S6_WzA2Mj',
      redirect_uri: redirectUri,
    });
    expect(row.parameters).not.toHaveProperty('client_assertion');
  });

  it('PAR-04/PAR-10/PAR-25/PAR-28: 201 with no-store, without client_id, ignoring unknown parameters, with a charset', async () => {
    const form = await validForm({ unknown_extension: 'x' });
    delete form.client_id;
    const res = await post()
      .set('Content-Type', 'application/x-www-form-urlencoded;charset=UTF-8')
      .send(new URLSearchParams(form).toString());
    expect(res.status).toBe(201);
    expect(res.headers['cache-control']).toBe('no-cache, no-store');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(Object.keys(res.body).sort()).toEqual(['expires_in', 'request_uri']);
  });

  it('PAR-16: a registered redirect URI with a query is accepted verbatim; a state of 2048 characters too', async () => {
    await post()
      .send(
        await validForm({
          redirect_uri: 'https://client.example/cb2?dummy1=lorem&dummy2=ipsum',
          state: 's'.repeat(2048),
        }),
      )
      .expect(201);
  });

  it('PAR-23: valid authorization_details are accepted', async () => {
    const details = JSON.stringify([{ type: 'account_information', permissions: ['ReadBalances'] }]);
    const res = await post()
      .send(await validForm({ authorization_details: details }))
      .expect(201);
    const row = await pushed().findOneByOrFail({ requestUriHash: sha256(res.body.request_uri) });
    expect(row.parameters.authorization_details).toBe(details);
  });

  type Case = [string, () => Promise<{ form: Record<string, string>; dpop?: string; status: number; error: string }>];
  const bad = (name: string, extra: Record<string, string>, error: string, status = 400): Case => [
    name,
    async () => ({ form: await validForm(extra), status, error }),
  ];
  const without = (name: string, param: string, error: string): Case => [
    name,
    async () => {
      const form = await validForm();
      delete form[param];
      return { form, status: 400, error };
    },
  ];
  const cases: Case[] = [
    [
      'PAR-06: client_id only, no authentication',
      async () => ({
        form: { ...(await validForm()), client_assertion: '', client_assertion_type: '' },
        status: 401,
        error: 'invalid_client',
      }),
    ],
    [
      'PAR-07b: assertion aud = PAR URL',
      async () => ({
        form: await validForm({ client_assertion: await clientAssertion(client, parUrl) }),
        status: 401,
        error: 'invalid_client',
      }),
    ],
    [
      'PAR-07d: assertion aud = [issuer, token URL]',
      async () => ({
        form: await validForm({ client_assertion: await clientAssertion(client, [issuer, `${issuer}/oauth2/token`]) }),
        status: 401,
        error: 'invalid_client',
      }),
    ],
    [
      'PAR-08: assertion iat/nbf/exp 62 s in the future',
      async () => {
        const t = Math.floor(Date.now() / 1000) + 62;
        return {
          form: await validForm({
            client_assertion: await clientAssertion(client, issuer, { iat: t, nbf: t, exp: t + 60 }),
          }),
          status: 401,
          error: 'invalid_client',
        };
      },
    ],
    [
      'PAR-10: client_id differs from the assertion',
      async () => ({ form: await validForm({ client_id: 'someone-else' }), status: 401, error: 'invalid_client' }),
    ],
    bad('PAR-11: request_uri in the body', { request_uri: 'urn:ietf:params:oauth:request_uri:abc' }, 'invalid_request'),
    without('PAR-12: no code_challenge', 'code_challenge', 'invalid_request'),
    bad('PAR-13: code_challenge_method=plain', { code_challenge_method: 'plain' }, 'invalid_request'),
    without('PAR-13: code_challenge without a method', 'code_challenge_method', 'invalid_request'),
    bad('PAR-13: malformed code_challenge', { code_challenge: 'short' }, 'invalid_request'),
    bad('PAR-14: response_type=token', { response_type: 'token' }, 'unsupported_response_type'),
    bad('PAR-14: response_type=code id_token', { response_type: 'code id_token' }, 'unsupported_response_type'),
    without('PAR-15: no redirect_uri', 'redirect_uri', 'invalid_request'),
    bad('PAR-16: unregistered redirect_uri', { redirect_uri: 'https://evil.example/cb' }, 'invalid_request'),
    bad(
      'PAR-16: registered redirect_uri with a different query',
      { redirect_uri: 'https://client.example/cb2?dummy1=lorem' },
      'invalid_request',
    ),
    bad('PAR-16: http redirect_uri', { redirect_uri: 'http://client.example/cb' }, 'invalid_request'),
    [
      'PAR-18: dpop_jkt differs from the proof key',
      async () => {
        const nonceRes = await post()
          .set('DPoP', await dpopProof(await dpopKey(), 'POST', parUrl))
          .send(await validForm());
        const proof = await dpopProof(await dpopKey(), 'POST', parUrl, { nonce: nonceRes.headers['dpop-nonce'] });
        return {
          form: await validForm({ dpop_jkt: (await dpopKey()).jkt }),
          dpop: proof,
          status: 400,
          error: 'invalid_dpop_proof',
        };
      },
    ],
    [
      'PAR-17: an invalid DPoP proof',
      async () => ({ form: await validForm(), dpop: 'not.a.jwt', status: 400, error: 'invalid_dpop_proof' }),
    ],
    [
      'PAR-17: a DPoP proof without the server nonce',
      async () => ({
        form: await validForm(),
        dpop: await dpopProof(await dpopKey(), 'POST', parUrl),
        status: 400,
        error: 'use_dpop_nonce',
      }),
    ],
    bad(
      'PAR-20: a request object that is not a JWT',
      { request: 'eyJhbGciOiJQUzI1NiJ9.e30' },
      'invalid_request_object',
    ),
    bad('PAR-23: authorization_details not JSON', { authorization_details: '[{' }, 'invalid_authorization_details'),
    bad(
      'PAR-23: authorization_details element without type',
      { authorization_details: '[{"actions":["read"]}]' },
      'invalid_authorization_details',
    ),
    bad(
      'PAR-23: unsupported authorization_details type',
      { authorization_details: '[{"type":"loan_application"}]' },
      'invalid_authorization_details',
    ),
    bad(
      'PAR-23: authorization_details not an array',
      { authorization_details: '{"type":"account_information"}' },
      'invalid_authorization_details',
    ),
    bad('PAR-27: response_type=none', { response_type: 'none' }, 'unsupported_response_type'),
    bad('invalid_scope: a scope the client did not register', { scope: 'openid profile' }, 'invalid_scope'),
    bad('unsupported response_mode', { response_mode: 'fragment' }, 'invalid_request'),
  ];

  it.each(cases)('%s → exact error, nothing stored', async (_name, make) => {
    const c = await make();
    const before = await pushed().count();
    let req = post();
    if (c.dpop) req = req.set('DPoP', c.dpop);
    const res = await req.send(c.form);
    expect([res.status, res.body.error]).toEqual([c.status, c.error]);
    expect(res.headers['cache-control']).toBe('no-store');
    if (c.error === 'use_dpop_nonce') expect(res.headers['dpop-nonce']).toMatch(/^[\x21\x23-\x5b\x5d-\x7e]+$/);
    expect(await pushed().count()).toBe(before);
  });

  it('PAR-25: repeated parameters → invalid_request; PAR-28: a JSON body → invalid_request; PAR-05: GET → 405', async () => {
    const form = new URLSearchParams(await validForm());
    form.append('scope', 'openid');
    const repeated = await post().send(form.toString());
    expect([repeated.status, repeated.body.error]).toEqual([400, 'invalid_request']);
    const json = await request(as.app.getHttpServer())
      .post('/obgeneric/gobank/par')
      .send(await validForm());
    expect([json.status, json.body.error]).toEqual([400, 'invalid_request']);
    const get = await request(as.app.getHttpServer()).get('/obgeneric/gobank/par');
    expect(get.status).toBe(405);
  });

  it('unauthorized_client: a client without the authorization_code grant cannot push', async () => {
    const ccOnly = await createClient(as.app, { grant_types: ['client_credentials'], redirect_uris: [redirectUri] });
    const res = await post().send(
      await validForm({ client_id: ccOnly.clientId, client_assertion: await clientAssertion(ccOnly, issuer) }),
    );
    expect([res.status, res.body.error]).toEqual([400, 'unauthorized_client']);
  });
});
