import { createHash } from 'node:crypto';
import { getRepositoryToken } from '@nestjs/typeorm';
import * as oauth from 'oauth4webapi';
import request from 'supertest';
import type { Repository } from 'typeorm';
import { ServerEntity } from '../src/servers/server.entity';
import { ServerRegistry } from '../src/servers/server-registry.service';
import { startAuthServer, type AuthServerHarness } from './auth-server-harness';
import { TestBrowser } from './browser';
import {
  clientAssertion,
  clientCredentialsToken,
  createClient,
  dpopKey,
  dpopProof,
  type DpopKey,
  withServerNonce,
  type TestClient,
} from './client-fixtures';

// Issue 3 item 5: a server with an external consent page hands the decision over; the bank's consent app reads
// and decides the pending login through the system API; the accepted consent_id is bound to every token.
describe('external consent page hand-off and the system API', () => {
  let as: AuthServerHarness;
  let tpp: TestClient;
  let consentApp: TestClient;
  let consentAppKey: DpopKey;
  let consentAppToken: string;
  const issuer = 'https://localhost:8443/obgeneric/gobank';
  const consentPage = 'https://gobank-consent.example:7080/';
  const redirectUri = 'https://tpp.example/cb';

  beforeAll(async () => {
    as = await startAuthServer();
    const servers = as.app.get<Repository<ServerEntity>>(getRepositoryToken(ServerEntity));
    const gobank = await servers.findOneByOrFail({ tenant: 'obgeneric', serverId: 'gobank' });
    await servers.update({ id: gobank.id }, { settings: { ...gobank.settings, consentPageUrl: consentPage } });
    await as.app.get(ServerRegistry).changed('obgeneric', 'gobank');
    tpp = await createClient(as.app, {
      client_name: 'Financroo TPP',
      grant_types: ['authorization_code', 'refresh_token'],
      redirect_uris: [redirectUri],
      scope: 'openid email accounts offline_access',
    });
    consentApp = await createClient(as.app, { scope: 'manage_logins revoke_tokens introspect_tokens' });
    ({ accessToken: consentAppToken, key: consentAppKey } = await clientCredentialsToken(
      () => request(as.app.getHttpServer()),
      consentApp,
    ));
  });
  afterAll(() => as?.close());

  const http = () => request(as.app.getHttpServer());
  const systemUrl = (path: string) => `https://localhost:8443/api/system/obgeneric/servers/gobank/${path}`;
  const ath = (token: string) => createHash('sha256').update(token).digest('base64url');

  /** A system API call as the consent app: DPoP-bound token, proof with ath for this very URL. */
  async function system(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: object,
    token = consentAppToken,
    key = consentAppKey,
  ) {
    const url = systemUrl(path);
    const pathname = new URL(url).pathname + new URL(url).search;
    const proof = await dpopProof(key, method, url.split('?')[0]!, { ath: ath(token) });
    let req =
      method === 'GET' ? http().get(pathname) : method === 'POST' ? http().post(pathname) : http().delete(pathname);
    req = req.set('Authorization', `DPoP ${token}`).set('DPoP', proof);
    return body ? req.send(body) : req;
  }

  async function pushAndLogin(): Promise<{
    browser: TestBrowser;
    loginId: string;
    loginState: string;
    verifier: string;
    state: string;
    key: DpopKey;
  }> {
    const key = await dpopKey();
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const pushForm = async (nonce?: string) =>
      http()
        .post('/obgeneric/gobank/par')
        .type('form')
        .set('DPoP', await dpopProof(key, 'POST', `${issuer}/par`, nonce ? { nonce } : {}))
        .send({
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: await clientAssertion(tpp, issuer),
          response_type: 'code',
          redirect_uri: redirectUri,
          scope: 'openid accounts offline_access',
          state,
          code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
        });
    const par = await withServerNonce(pushForm);
    expect(par.status).toBe(201);
    const browser = new TestBrowser(as.localBase, as.publicBase);
    const start = await browser.get(
      `${issuer}/oauth2/authorize?client_id=${tpp.clientId}&request_uri=${encodeURIComponent(par.body.request_uri)}`,
    );
    const login = await browser.post(start.headers.get('location')!, { username: 'user', password: 'p@ssword!' });
    expect(login.status).toBe(303);
    const handOff = new URL(login.headers.get('location')!);
    expect(handOff.origin + handOff.pathname).toBe('https://gobank-consent.example:7080/');
    return {
      browser,
      loginId: handOff.searchParams.get('login_id')!,
      loginState: handOff.searchParams.get('login_state')!,
      verifier,
      state,
      key,
    };
  }

  async function exchange(code: string, verifier: string, key: DpopKey) {
    const send = async (nonce?: string) =>
      http()
        .post('/obgeneric/gobank/oauth2/token')
        .type('form')
        .set('DPoP', await dpopProof(key, 'POST', `${issuer}/oauth2/token`, nonce ? { nonce } : {}))
        .send({
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          code_verifier: verifier,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: await clientAssertion(tpp, issuer),
        });
    return withServerNonce(send);
  }

  const introspect = async (token: string) =>
    (
      await http()
        .post('/obgeneric/gobank/oauth2/introspect')
        .type('form')
        .send({
          token,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: await clientAssertion(consentApp, issuer),
        })
    ).body;

  it('the consent app reads the login, accepts it with a consent_id; the tokens carry it; revoking the consent kills them at once', async () => {
    const flow = await pushAndLogin();
    const pending = await system('GET', `logins/${flow.loginId}`);
    expect(pending.status).toBe(200);
    expect(pending.body).toEqual({
      login_id: flow.loginId,
      subject: 'user',
      client_id: tpp.clientId,
      client_name: 'Financroo TPP',
      redirect_uri: redirectUri,
      dynamically_registered: false, // stored directly by the test, not through RFC 7591
      requested_scopes: ['openid', 'accounts', 'offline_access'],
      authorization_details: [],
      auth_time: expect.any(Number),
    });
    const accepted = await system('POST', `logins/${flow.loginId}/accept`, {
      login_state: flow.loginState,
      granted_scopes: ['openid', 'accounts', 'offline_access'],
      consent_id: 'consent-123',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.redirect_to).toBe(`${issuer}/oauth2/authorize/resume/${flow.loginId}`);
    const back = await flow.browser.follow(await flow.browser.get(accepted.body.redirect_to));
    expect(back).toBeInstanceOf(URL);
    const callback = back as URL;
    expect(callback.searchParams.get('iss')).toBe(issuer);
    expect(callback.searchParams.get('state')).toBe(flow.state);

    const tokens = await exchange(callback.searchParams.get('code')!, flow.verifier, flow.key);
    expect(tokens.status).toBe(200);
    expect(await introspect(tokens.body.access_token)).toMatchObject({
      active: true,
      consent_id: 'consent-123',
      sub: 'user',
    });
    expect(await introspect(tokens.body.refresh_token)).toMatchObject({ active: true, consent_id: 'consent-123' });

    const revoked = await system('DELETE', 'tokens?consent_id=consent-123');
    expect(revoked.status).toBe(204);
    expect(await introspect(tokens.body.access_token)).toEqual({ active: false });
    expect(await introspect(tokens.body.refresh_token)).toEqual({ active: false });
  });

  it('a rejection ends in the error at the client, with state and iss', async () => {
    const flow = await pushAndLogin();
    const rejected = await system('POST', `logins/${flow.loginId}/reject`, {
      login_state: flow.loginState,
      error: 'access_denied',
      error_description: 'The user rejected the authentication.',
    });
    expect(rejected.status).toBe(200);
    const back = (await flow.browser.follow(await flow.browser.get(rejected.body.redirect_to))) as URL;
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('error_description')).toBe('The user rejected the authentication.');
    expect(back.searchParams.get('iss')).toBe(issuer);
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('refuses a wrong login_state, scopes that were not requested, a second decision, and the built-in consent page', async () => {
    const flow = await pushAndLogin();
    const wrongState = await system('POST', `logins/${flow.loginId}/accept`, {
      login_state: 'nope',
      granted_scopes: ['openid'],
    });
    expect([wrongState.status, wrongState.body.error]).toEqual([400, 'invalid_request']);
    const extra = await system('POST', `logins/${flow.loginId}/accept`, {
      login_state: flow.loginState,
      granted_scopes: ['openid', 'email'],
    });
    expect([extra.status, extra.body.error]).toEqual([400, 'invalid_request']);
    const badBody = await system('POST', `logins/${flow.loginId}/reject`, {
      login_state: flow.loginState,
      error: 'made_up',
    });
    expect([badBody.status, badBody.body.error]).toEqual([400, 'invalid_request']);
    const builtIn = await flow.browser.get(`/obgeneric/gobank/consent/${flow.loginId}`);
    expect(builtIn.status).toBe(400);
    await system('POST', `logins/${flow.loginId}/accept`, {
      login_state: flow.loginState,
      granted_scopes: ['openid'],
    }).then((r) => expect(r.status).toBe(200));
    const again = await system('POST', `logins/${flow.loginId}/reject`, {
      login_state: flow.loginState,
      error: 'access_denied',
    });
    expect(again.status).toBe(409);
    expect((await system('GET', 'logins/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });

  it('the system API needs a sender-constrained token with the system scope', async () => {
    const anonymous = await http().get(
      '/api/system/obgeneric/servers/gobank/logins/00000000-0000-0000-0000-000000000000',
    );
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^DPoP/);
    const stolen = await http()
      .get('/api/system/obgeneric/servers/gobank/logins/00000000-0000-0000-0000-000000000000')
      .set('Authorization', `DPoP ${consentAppToken}`)
      .set(
        'DPoP',
        await dpopProof(await dpopKey(), 'GET', systemUrl('logins/00000000-0000-0000-0000-000000000000'), {
          ath: ath(consentAppToken),
        }),
      );
    expect([stolen.status, stolen.body.error]).toEqual([401, 'invalid_token']);
    const plain = await createClient(as.app, { scope: 'accounts' });
    const { accessToken, key } = await clientCredentialsToken(() => http(), plain);
    const noScope = await system('DELETE', 'tokens?consent_id=x', undefined, accessToken, key);
    expect([noScope.status, noScope.body.error]).toEqual([403, 'insufficient_scope']);
    const missing = await system('DELETE', 'tokens');
    expect([missing.status, missing.body.error]).toEqual([400, 'invalid_request']);
  });
});
