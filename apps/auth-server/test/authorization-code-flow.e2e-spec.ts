import { createHash, randomBytes } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Clock } from '../src/common/clock';
import { startAuthServer, type AuthServerHarness } from './auth-server-harness';
import { TestBrowser } from './browser';
import {
  clientAssertion,
  createClient,
  dpopKey,
  dpopProof,
  withServerNonce,
  type DpopKey,
  type TestClient,
} from './client-fixtures';

// The FAPI 2.0 authorization code flow end to end (AUTHZ-*, TOKEN-01/02/05/09/10/11/19, UI-01, INTRO-01, REVOKE-01).
describe('authorization code flow: PAR → login → consent → code → DPoP-bound tokens', () => {
  let as: AuthServerHarness;
  let client: TestClient;
  let bank: TestClient;
  let metadata: oauth.AuthorizationServer;
  const issuer = 'https://localhost:8443/obgeneric/gobank';
  const redirectUri = 'https://tpp.example/cb?dummy1=lorem&dummy2=ipsum';

  beforeAll(async () => {
    as = await startAuthServer();
    client = await createClient(as.app, {
      client_name: 'Financroo TPP',
      grant_types: ['authorization_code', 'refresh_token'],
      redirect_uris: [redirectUri],
      scope: 'openid email profile accounts offline_access',
    });
    bank = await createClient(as.app, { scope: 'introspect_tokens' });
    const issuerUrl = new URL(issuer);
    metadata = await oauth.processDiscoveryResponse(
      issuerUrl,
      await oauth.discoveryRequest(issuerUrl, { [oauth.customFetch]: as.fetch }),
    );
  });
  afterAll(() => as?.close());

  const oauthClient = (): oauth.Client => ({ client_id: client.clientId });
  const clientAuth = () => oauth.PrivateKeyJwt({ key: client.privateKey, kid: client.publicJwk.kid });
  // One handle per key: oauth4webapi keeps the server's DPoP nonce in it.
  const handles = new WeakMap<DpopKey, oauth.DPoPHandle>();
  const dpop = (key: DpopKey) => {
    if (!handles.has(key))
      handles.set(key, oauth.DPoP(oauthClient(), { privateKey: key.privateKey, publicKey: key.publicKey }));
    return handles.get(key)!;
  };
  const opts = (key: DpopKey) => ({ DPoP: dpop(key), [oauth.customFetch]: as.fetch });

  /** The bank's view of a token (RFC 7662). */
  const introspect = async (token: string) =>
    (
      await request(as.app.getHttpServer())
        .post('/obgeneric/gobank/oauth2/introspect')
        .type('form')
        .send({
          token,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: await clientAssertion(bank, issuer),
        })
    ).body;

  /** Retries once on use_dpop_nonce, as openid-client does. */
  async function withNonce<T>(call: () => Promise<T>): Promise<T> {
    const explain = (e: unknown) =>
      e instanceof oauth.ResponseBodyError ? new Error(`${e.error}: ${e.error_description ?? ''}`, { cause: e }) : e;
    try {
      return await call();
    } catch (e) {
      if (!oauth.isDPoPNonceError(e)) throw explain(e);
      return call().catch((again: unknown) => {
        throw explain(again);
      });
    }
  }

  async function push(key: DpopKey, extra: Record<string, string> = {}) {
    const verifier = oauth.generateRandomCodeVerifier();
    const state = randomBytes(96).toString('base64url'); // 128 characters
    const nonce = oauth.generateRandomNonce();
    const params = new URLSearchParams({
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: 'openid email accounts offline_access',
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...extra,
    });
    const par = await withNonce(async () =>
      oauth.processPushedAuthorizationResponse(
        metadata,
        oauthClient(),
        await oauth.pushedAuthorizationRequest(metadata, oauthClient(), clientAuth(), params, opts(key)),
      ),
    );
    return { ...par, verifier, state, nonce };
  }

  /** The callback checked and its code exchanged, as a strict client does (oauth4webapi). */
  async function redeem(
    key: DpopKey,
    par: { verifier: string; state: string },
    location: URL,
    checks: oauth.ProcessAuthorizationCodeResponseOptions,
  ) {
    const callback = oauth.validateAuthResponse(metadata, oauthClient(), location, par.state);
    return withNonce(async () =>
      oauth.processAuthorizationCodeResponse(
        metadata,
        oauthClient(),
        await oauth.authorizationCodeGrantRequest(
          metadata,
          oauthClient(),
          clientAuth(),
          callback,
          redirectUri,
          par.verifier,
          opts(key),
        ),
        checks,
      ),
    );
  }

  /** A code exchange as a plain form post (for the refusals a strict client would not send), after the nonce retry. */
  async function exchangeCode(key: DpopKey, form: Record<string, string>) {
    const tokenUrl = `${issuer}/oauth2/token`;
    return withServerNonce(async (nonce?: string) =>
      request(as.app.getHttpServer())
        .post('/obgeneric/gobank/oauth2/token')
        .type('form')
        .set('DPoP', await dpopProof(key, 'POST', tokenUrl, nonce ? { nonce } : {}))
        .send({
          grant_type: 'authorization_code',
          redirect_uri: redirectUri,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: await clientAssertion(client, issuer),
          ...form,
        }),
    );
  }

  async function loginAndDecide(
    requestUri: string,
    action: 'confirm' | 'deny',
  ): Promise<{ location: URL; browser: TestBrowser }> {
    const browser = new TestBrowser(as.localBase, as.publicBase);
    const authorize = new URL(metadata.authorization_endpoint!);
    authorize.searchParams.set('client_id', client.clientId);
    authorize.searchParams.set('request_uri', requestUri);
    const start = await browser.get(authorize.href);
    expect(start.status).toBe(303);
    const loginUrl = start.headers.get('location')!;
    const page = await browser.get(loginUrl);
    const html = await page.text();
    expect(html).toContain('id="text-field-username-input"');
    // Beside the self-asserted name: what the server verified (issue 7: anyone can call itself "Financroo").
    expect(html).toContain(`<dt>Client ID</dt><dd><code>${client.clientId}</code></dd>`);
    expect(html).toContain('<dt>Returns you to</dt><dd><code>tpp.example</code></dd>');
    expect(html).not.toContain('registered itself'); // stored by the test, not by open registration
    expect(html).toContain('name="password" type="password"');
    const wrong = await browser.post(loginUrl, { username: 'user', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Invalid login or password');
    const consent = await browser.follow(await browser.post(loginUrl, { username: 'user', password: 'p@ssword!' }));
    expect(consent).toBeInstanceOf(Response);
    const consentHtml = await (consent as Response).text();
    expect(consentHtml).toContain('Financroo TPP');
    expect(consentHtml).toContain(`<code>${client.clientId}</code>`);
    expect(consentHtml).toContain('I Agree');
    const consentUrl = (consent as Response).url.replace(as.localBase, as.publicBase);
    const location = await browser.follow(await browser.post(consentUrl, { action }));
    expect(location).toBeInstanceOf(URL);
    return { location: location as URL, browser };
  }

  it('a strict client gets DPoP-bound tokens, an ID token and userinfo; the bank introspects; refresh and revocation work', async () => {
    const key = await dpopKey();
    const par = await push(key);
    const { location } = await loginAndDecide(par.request_uri, 'confirm');
    // AUTHZ-01/AUTHZ-03: the exact redirect URI with its own query, code, the 128-char state and iss.
    expect(location.origin + location.pathname).toBe('https://tpp.example/cb');
    expect([...location.searchParams.keys()].sort()).toEqual(['code', 'dummy1', 'dummy2', 'iss', 'state']);
    expect(location.searchParams.get('state')).toBe(par.state);
    expect(location.searchParams.get('iss')).toBe(issuer);
    const tokens = await redeem(key, par, location, { expectedNonce: par.nonce, requireIdToken: true });
    expect(tokens.token_type).toBe('dpop');
    expect(tokens.scope).toBe('openid email accounts offline_access');
    expect(tokens.refresh_token).toBeDefined();
    const claims = oauth.getValidatedIdTokenClaims(tokens)!;
    expect(claims).toMatchObject({
      iss: issuer,
      sub: 'user',
      aud: client.clientId,
      nonce: par.nonce,
      email: 'user@example.com',
    });

    const userinfo = await withNonce(async () =>
      oauth.processUserInfoResponse(
        metadata,
        oauthClient(),
        'user',
        await oauth.userInfoRequest(metadata, oauthClient(), tokens.access_token, opts(key)),
      ),
    );
    expect(userinfo).toEqual({ sub: 'user', email: 'user@example.com', email_verified: true });

    expect(await introspect(tokens.access_token)).toMatchObject({
      active: true,
      sub: 'user',
      client_id: client.clientId,
      cnf: { jkt: key.jkt },
      token_type: 'DPoP',
    });
    expect(await introspect(tokens.refresh_token!)).toMatchObject({ active: true, client_id: client.clientId });

    // TOKEN-19: refresh with a new DPoP key → a token bound to the new key; the refresh token stays the same.
    const newKey = await dpopKey();
    const refreshed = await withNonce(async () =>
      oauth.processRefreshTokenResponse(
        metadata,
        oauthClient(),
        await oauth.refreshTokenGrantRequest(
          metadata,
          oauthClient(),
          clientAuth(),
          tokens.refresh_token!,
          opts(newKey),
        ),
      ),
    );
    expect(refreshed.refresh_token).toBe(tokens.refresh_token);
    expect(await introspect(refreshed.access_token)).toMatchObject({ active: true, cnf: { jkt: newKey.jkt } });

    // REVOKE-01: revoking the refresh token kills the grant's access tokens; refreshing then fails.
    const revoked = await oauth.revocationRequest(metadata, oauthClient(), clientAuth(), tokens.refresh_token!, {
      [oauth.customFetch]: as.fetch,
    });
    await oauth.processRevocationResponse(revoked);
    expect(await introspect(tokens.access_token)).toEqual({ active: false });
    expect(await introspect(refreshed.access_token)).toEqual({ active: false });
    await expect(
      withNonce(async () =>
        oauth.processRefreshTokenResponse(
          metadata,
          oauthClient(),
          await oauth.refreshTokenGrantRequest(
            metadata,
            oauthClient(),
            clientAuth(),
            tokens.refresh_token!,
            opts(newKey),
          ),
        ),
      ),
    ).rejects.toThrow(/^invalid_grant:/);
  });

  it('TOKEN-20: a refresh token works only for the client it was issued to', async () => {
    const key = await dpopKey();
    const par = await push(key);
    const tokens = await redeem(key, par, (await loginAndDecide(par.request_uri, 'confirm')).location, {
      expectedNonce: par.nonce,
      requireIdToken: true,
    });
    const intruder = await createClient(as.app, {
      grant_types: ['authorization_code', 'refresh_token'],
      redirect_uris: [redirectUri],
      scope: 'openid email accounts offline_access',
    });
    const tokenUrl = `${issuer}/oauth2/token`;
    const refreshAs = (who: TestClient) =>
      withServerNonce(async (nonce?: string) =>
        request(as.app.getHttpServer())
          .post('/obgeneric/gobank/oauth2/token')
          .type('form')
          .set('DPoP', await dpopProof(key, 'POST', tokenUrl, nonce ? { nonce } : {}))
          .send({
            grant_type: 'refresh_token',
            refresh_token: tokens.refresh_token!,
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: await clientAssertion(who, issuer),
          }),
      );
    const stolen = await refreshAs(intruder);
    expect([stolen.status, stolen.body.error]).toEqual([400, 'invalid_grant']);
    expect(stolen.body.access_token).toBeUndefined();
    // …and the attempt costs the rightful client nothing.
    const own = await refreshAs(client);
    expect([own.status, own.body.token_type]).toEqual([200, 'DPoP']);
  });

  it('a gobank token means nothing at hyperscalebank: revocation leaves it active, userinfo and the system API refuse it', async () => {
    const key = await dpopKey();
    const par = await push(key);
    const tokens = await redeem(key, par, (await loginAndDecide(par.request_uri, 'confirm')).location, {
      expectedNonce: par.nonce,
      requireIdToken: true,
    });
    const hyperscale = 'https://localhost:8443/obgeneric/hyperscalebank';
    const hyperscaleClient = await createClient(as.app, { scope: 'accounts revoke_tokens' }, 'hyperscalebank');
    const revoked = await request(as.app.getHttpServer())
      .post('/obgeneric/hyperscalebank/oauth2/revoke')
      .type('form')
      .send({
        token: tokens.access_token,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await clientAssertion(hyperscaleClient, hyperscale),
      });
    expect(revoked.status).toBe(200); // RFC 7009 §2.2: an unknown token is not an error…
    expect((await introspect(tokens.access_token)).active).toBe(true); // …and nothing happened to it.

    const userinfoUrl = `${hyperscale}/userinfo`;
    const userinfo = await withServerNonce(async (nonce?: string) =>
      request(as.app.getHttpServer())
        .get('/obgeneric/hyperscalebank/userinfo')
        .set('Authorization', `DPoP ${tokens.access_token}`)
        .set(
          'DPoP',
          await dpopProof(key, 'GET', userinfoUrl, { ath: athOf(tokens.access_token), ...(nonce ? { nonce } : {}) }),
        ),
    );
    expect([userinfo.status, userinfo.body.error]).toEqual([401, 'invalid_token']);

    const systemUrl = 'https://localhost:8443/api/system/obgeneric/servers/hyperscalebank/tokens?consent_id=x';
    const system = await request(as.app.getHttpServer())
      .delete('/api/system/obgeneric/servers/hyperscalebank/tokens?consent_id=x')
      .set('Authorization', `DPoP ${tokens.access_token}`)
      .set('DPoP', await dpopProof(key, 'DELETE', systemUrl, { ath: athOf(tokens.access_token) }));
    expect([system.status, system.body.error]).toEqual([401, 'invalid_token']);
  });

  it('plain OAuth (no openid): DPoP-bound tokens without an ID token; userinfo answers insufficient_scope', async () => {
    const key = await dpopKey();
    const par = await push(key, { scope: 'accounts offline_access' });
    const { location } = await loginAndDecide(par.request_uri, 'confirm');
    const tokens = await redeem(key, par, location, { requireIdToken: false });
    expect(tokens.id_token).toBeUndefined();
    expect(tokens.scope).toBe('accounts offline_access');
    expect(tokens.token_type).toBe('dpop');
    const userinfo = await oauth.userInfoRequest(metadata, oauthClient(), tokens.access_token, opts(key));
    expect(userinfo.status).toBe(403);
    expect(userinfo.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
  });

  it('AUTHZ-11/AUTHZ-12: Cancel ends in access_denied at the client, with state and iss', async () => {
    const par = await push(await dpopKey());
    const { location } = await loginAndDecide(par.request_uri, 'deny');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('iss')).toBe(issuer);
    expect(location.searchParams.get('code')).toBeNull();
    expect(() => oauth.validateAuthResponse(metadata, oauthClient(), location, par.state)).toThrow(
      expect.objectContaining({ error: 'access_denied' }),
    );
  });

  it('TOKEN-05/TOKEN-09/TOKEN-10/TOKEN-11: code exchange rules; a reused code revokes what it issued', async () => {
    const key = await dpopKey();
    const par = await push(key);
    const { location } = await loginAndDecide(par.request_uri, 'confirm');
    const code = location.searchParams.get('code')!;
    const exchange = (form: Record<string, string>, proofKey: DpopKey = key) =>
      exchangeCode(proofKey, { code, code_verifier: par.verifier, ...form });
    const wrongVerifier = await exchange({ code_verifier: oauth.generateRandomCodeVerifier() });
    expect([wrongVerifier.status, wrongVerifier.body.error]).toEqual([400, 'invalid_grant']);
    const noVerifier = await exchange({ code_verifier: '' });
    expect(noVerifier.body.error).toBe('invalid_grant');
    const wrongRedirect = await exchange({ redirect_uri: 'https://tpp.example/cb' });
    expect(wrongRedirect.body.error).toBe('invalid_grant');
    const otherKey = await exchange({}, await dpopKey());
    expect(otherKey.body.error).toBe('invalid_dpop_proof');
    // None of the failures consumed the code.
    const ok = await exchange({});
    expect(ok.status).toBe(200);
    const again = await exchange({});
    expect([again.status, again.body.error]).toEqual([400, 'invalid_grant']);
    const introspected = await request(as.app.getHttpServer())
      .post('/obgeneric/gobank/oauth2/introspect')
      .type('form')
      .send({
        token: ok.body.access_token,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await clientAssertion(bank, issuer),
      });
    expect(introspected.body).toEqual({ active: false });
  });

  /** The browser's steps up to the decision, stopping before the resume that ends the flow. */
  async function decideWithoutResuming(requestUri: string): Promise<{ browser: TestBrowser; resume: string }> {
    const browser = new TestBrowser(as.localBase, as.publicBase);
    const authorize = new URL(metadata.authorization_endpoint!);
    authorize.searchParams.set('client_id', client.clientId);
    authorize.searchParams.set('request_uri', requestUri);
    const loginUrl = (await browser.get(authorize.href)).headers.get('location')!;
    const consent = await browser.post(loginUrl, { username: 'user', password: 'p@ssword!' });
    const consentUrl = new URL(consent.headers.get('location')!, as.publicBase).href;
    const decided = await browser.post(consentUrl, { action: 'confirm' });
    expect(decided.status).toBe(303);
    return { browser, resume: decided.headers.get('location')! };
  }

  const tokenRows = async (clientId: string): Promise<number> => {
    const [{ count }] = await as.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS count FROM token WHERE client_id = $1`, [clientId]);
    return count as number;
  };

  it('AUTHZ-09: two logins for one request_uri (a reload): the first to finish gets the code, the other an error page and no code', async () => {
    const par = await push(await dpopKey());
    const first = await decideWithoutResuming(par.request_uri);
    const second = await decideWithoutResuming(par.request_uri);
    const [a, b] = await Promise.all([first.browser.get(first.resume), second.browser.get(second.resume)]);
    const redirects = [a, b].filter((res) => res.status === 303);
    expect(redirects).toHaveLength(1);
    expect(new URL(redirects[0]!.headers.get('location')!).searchParams.get('code')).toBeTruthy();
    const refused = [a, b].find((res) => res.status !== 303)!;
    expect(refused.headers.get('location')).toBeNull();
    expect(await refused.text()).toContain('already used');
    const codes: Array<{ count: number }> = await as.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS count FROM authorization_code WHERE redirect_uri = $1 AND nonce = $2`, [
        redirectUri,
        par.nonce,
      ]);
    expect(codes[0]!.count).toBe(1);
  });

  it('TOKEN-04/TOKEN-05: one code redeemed twice at once: one request gets tokens, the other invalid_grant, one set stored — and then revoked, refresh token included', async () => {
    const key = await dpopKey();
    const par = await push(key);
    const { location } = await loginAndDecide(par.request_uri, 'confirm');
    const before = await tokenRows(client.clientId);
    const exchange = () => exchangeCode(key, { code: location.searchParams.get('code')!, code_verifier: par.verifier });
    const answers = await Promise.all([exchange(), exchange()]);
    expect(answers.map((res) => res.status).sort()).toEqual([200, 400]);
    const loser = answers.find((res) => res.status === 400)!;
    expect(loser.body.error).toBe('invalid_grant');
    const winner = answers.find((res) => res.status === 200)!;
    expect(winner.body).toMatchObject({ token_type: 'DPoP', refresh_token: expect.any(String) });
    expect(await tokenRows(client.clientId)).toBe(before + 2);
    expect(await introspect(winner.body.access_token as string)).toEqual({ active: false });
    expect(await introspect(winner.body.refresh_token as string)).toEqual({ active: false });
  });

  it('a token request refused before the code is judged, or for a wrong verifier, redirect_uri or DPoP key, leaves the code usable', async () => {
    const key = await dpopKey();
    const par = await push(key);
    const { location } = await loginAndDecide(par.request_uri, 'confirm');
    const code = location.searchParams.get('code')!;
    const tokenUrl = `${issuer}/oauth2/token`;
    const attempt = async (form: Record<string, string>, proofKey: DpopKey = key, nonce?: string, assertion = true) =>
      request(as.app.getHttpServer())
        .post('/obgeneric/gobank/oauth2/token')
        .type('form')
        .set('DPoP', await dpopProof(proofKey, 'POST', tokenUrl, nonce ? { nonce } : {}))
        .send({
          grant_type: 'authorization_code',
          redirect_uri: redirectUri,
          code,
          code_verifier: par.verifier,
          ...(assertion
            ? {
                client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
                client_assertion: await clientAssertion(client, issuer),
              }
            : {}),
          ...form,
        });
    const nonce = (await attempt({})).headers['dpop-nonce'] as string; // a proof without the nonce: use_dpop_nonce
    const refusals = [
      await attempt({}, key, nonce, false), // no client authentication
      await attempt({ client_assertion_type: 'x', client_assertion: 'not-a-jwt' }, key, nonce),
      await attempt({}, key, 'stale-nonce'),
      await attempt({ code_verifier: 'w'.repeat(43) }, key, nonce),
      await attempt({ redirect_uri: 'https://tpp.example/other' }, key, nonce),
      await attempt({}, await dpopKey(), nonce), // another DPoP key than the one bound at PAR
    ];
    expect(refusals.map((res) => res.body.error)).toEqual([
      'invalid_client',
      'invalid_client',
      'use_dpop_nonce',
      'invalid_grant',
      'invalid_grant',
      'invalid_dpop_proof',
    ]);
    const finally_ = await attempt({}, key, nonce);
    expect([finally_.status, finally_.body.token_type]).toEqual([200, 'DPoP']);
  });

  describe('error pages, never a redirect (AUTHZ-06/07/08/09/13)', () => {
    const page = async (query: Record<string, string>) => {
      const res = await request(as.app.getHttpServer()).get('/obgeneric/gobank/oauth2/authorize').query(query);
      expect(res.headers.location).toBeUndefined();
      expect(res.headers['content-type']).toContain('text/html');
      return res;
    };

    it('without request_uri, with an unknown one, or with another client_id', async () => {
      expect(
        (await page({ client_id: client.clientId, response_type: 'code', redirect_uri: redirectUri })).status,
      ).toBe(400);
      expect(
        (await page({ client_id: client.clientId, request_uri: 'urn:ietf:params:oauth:request_uri:nope' })).status,
      ).toBe(400);
      const par = await push(await dpopKey());
      const other = await createClient(as.app, {
        grant_types: ['authorization_code'],
        redirect_uris: ['https://evil.example/cb'],
        scope: 'openid',
      });
      const foreign = await page({ client_id: other.clientId, request_uri: par.request_uri });
      expect(foreign.status).toBe(400);
      expect(foreign.text).not.toContain('evil.example');
    });

    it('AUTHZ-10 then AUTHZ-09: a request_uri loads twice before login, and is refused once the flow completed', async () => {
      const par = await push(await dpopKey());
      const query = { client_id: client.clientId, request_uri: par.request_uri };
      for (let i = 0; i < 2; i++) {
        const res = await request(as.app.getHttpServer()).get('/obgeneric/gobank/oauth2/authorize').query(query);
        expect(res.status).toBe(303);
      }
      await loginAndDecide(par.request_uri, 'confirm');
      expect((await page(query)).text).toContain('already used');
    });

    it('a login page opened in another browser (no cookie) is refused', async () => {
      const par = await push(await dpopKey());
      const start = await request(as.app.getHttpServer())
        .get('/obgeneric/gobank/oauth2/authorize')
        .query({ client_id: client.clientId, request_uri: par.request_uri });
      const stranger = await request(as.app.getHttpServer())
        .post(start.headers.location!)
        .type('form')
        .send({ username: 'user', password: 'p@ssword!' });
      expect(stranger.status).toBe(400);
      expect(stranger.headers.location).toBeUndefined();
    });

    it('AUTHZ-14: no CORS on the authorization endpoint', async () => {
      const res = await request(as.app.getHttpServer())
        .get('/obgeneric/gobank/oauth2/authorize')
        .set('Origin', 'https://evil.example')
        .query({ client_id: client.clientId });
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  it('TOKEN-06: a code first used 62 s after it was issued is refused', async () => {
    const key = await dpopKey();
    const par = await push(key);
    const { location } = await loginAndDecide(par.request_uri, 'confirm');
    const callback = oauth.validateAuthResponse(metadata, oauthClient(), location, par.state);
    const clock = as.app.get(Clock);
    const realNow = clock.now.bind(clock);
    const later = Date.now() + 62_000;
    clock.now = () => new Date(later);
    try {
      // The client's clock runs with the server's (oauth4webapi's clockSkew): only the code is too old.
      const skewed: oauth.Client = { client_id: client.clientId, [oauth.clockSkew]: 62 };
      const laterAuth = oauth.PrivateKeyJwt({ key: client.privateKey, kid: client.publicJwk.kid });
      const laterOpts = {
        DPoP: oauth.DPoP(skewed, { privateKey: key.privateKey, publicKey: key.publicKey }),
        [oauth.customFetch]: as.fetch,
      };
      await expect(
        withNonce(async () =>
          oauth.processAuthorizationCodeResponse(
            metadata,
            oauthClient(),
            await oauth.authorizationCodeGrantRequest(
              metadata,
              oauthClient(),
              laterAuth,
              callback,
              redirectUri,
              par.verifier,
              laterOpts,
            ),
          ),
        ),
      ).rejects.toThrow(/^invalid_grant: the authorization code has expired/);
    } finally {
      clock.now = realNow;
    }
  });
});

const athOf = (token: string) => createHash('sha256').update(token).digest('base64url');
