import { createHash, randomUUID } from 'node:crypto';
import { getRepositoryToken } from '@nestjs/typeorm';
import { exportJWK, generateKeyPair } from 'jose';
import * as oauth from 'oauth4webapi';
import request from 'supertest';
import { DataSource, type Repository } from 'typeorm';
import { AuditEventRepository } from '../src/audit/audit-event.repository';
import { Housekeeping } from '../src/housekeeping/housekeeping.service';
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
  withServerNonce,
  type DpopKey,
  type TestClient,
} from './client-fixtures';

interface AuditEvent {
  id: string;
  time: string;
  tenant: string;
  server: string | null;
  type: string;
  outcome: string;
  client_id: string | null;
  subject: string | null;
  consent_id: string | null;
  request_id: string | null;
  source_address: string | null;
  detail: Record<string, unknown>;
}

interface Caller {
  accessToken: string;
  key: DpopKey;
}

// Issue 8 item 1: every security-relevant event and every refused request is recorded, with the change it records,
// and read through the system API — by a consent storage with read_audit, or by a client for its own events.
describe('the audit trail', () => {
  let as: AuthServerHarness;
  let tpp: TestClient;
  let consentApp: TestClient;
  let auditor: Caller;
  const issuer = 'https://localhost:8443/obgeneric/gobank';
  const redirectUri = 'https://tpp.example/cb';
  /** Every secret any test sends or receives: none may ever reach an audit event. */
  const secrets = new Set<string>();
  const keep = (...values: Array<string | undefined | null>) => {
    for (const v of values) if (v) secrets.add(v);
  };

  beforeAll(async () => {
    as = await startAuthServer();
    const servers = as.app.get<Repository<ServerEntity>>(getRepositoryToken(ServerEntity));
    const gobank = await servers.findOneByOrFail({ tenant: 'obgeneric', serverId: 'gobank' });
    await servers.update(
      { id: gobank.id },
      { settings: { ...gobank.settings, consentPageUrl: 'https://gobank-consent.example:7080/' } },
    );
    await as.app.get(ServerRegistry).changed('obgeneric', 'gobank');
    tpp = await createClient(as.app, {
      client_name: 'Financroo TPP',
      grant_types: ['authorization_code', 'refresh_token'],
      redirect_uris: [redirectUri],
      scope: 'openid accounts offline_access',
    });
    // As the seeded gobank-consent-storage: manage logins, revoke tokens, read the audit trail.
    consentApp = await createClient(as.app, { scope: 'manage_logins revoke_tokens read_audit' });
    auditor = await clientCredentialsToken(http, consentApp);
    keep(auditor.accessToken);
  });
  afterAll(() => as?.close());

  function http() {
    return request(as.app.getHttpServer());
  }
  const ath = (token: string) => createHash('sha256').update(token).digest('base64url');

  /** A system API call with a DPoP-bound token (proof for the URL without its query). */
  async function system(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: object,
    caller: Caller = auditor,
    server = 'gobank',
  ) {
    const url = `https://localhost:8443/api/system/obgeneric/servers/${server}/${path}`;
    const proof = await dpopProof(caller.key, method, url.split('?')[0]!, { ath: ath(caller.accessToken) });
    keep(proof);
    const pathname = new URL(url).pathname + new URL(url).search;
    const req = (
      method === 'GET' ? http().get(pathname) : method === 'POST' ? http().post(pathname) : http().delete(pathname)
    )
      .set('Authorization', `DPoP ${caller.accessToken}`)
      .set('DPoP', proof);
    return body ? req.send(body) : req;
  }

  const auditEvents = (query: Record<string, string>, caller: Caller = auditor, server = 'gobank') =>
    system('GET', `audit-events?${new URLSearchParams(query).toString()}`, undefined, caller, server);

  /** Every page of a query, following next_cursor. */
  async function allEvents(query: Record<string, string>, caller: Caller = auditor): Promise<AuditEvent[]> {
    const events: AuditEvent[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 50; i++) {
      const res = await auditEvents({ ...query, ...(cursor ? { cursor } : {}) }, caller);
      expect(res.status).toBe(200);
      events.push(...(res.body.events as AuditEvent[]));
      cursor = res.body.next_cursor as string | undefined;
      if (!cursor) return events;
    }
    throw new Error('too many pages');
  }

  const form = async (client: TestClient, fields: Record<string, string>) => {
    const assertion = await clientAssertion(client, issuer);
    keep(assertion);
    return {
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      ...fields,
    };
  };

  /** A DPoP-bound request to a gobank endpoint, retried once with the server's nonce. */
  async function post(path: string, key: DpopKey, fields: () => Promise<Record<string, string>>, requestId?: string) {
    return withServerNonce(async (nonce) => {
      const proof = await dpopProof(key, 'POST', `${issuer}${path}`, nonce ? { nonce } : {});
      keep(proof);
      let req = http().post(`/obgeneric/gobank${path}`).type('form').set('DPoP', proof);
      if (requestId) req = req.set('X-Request-Id', requestId);
      return req.send(await fields());
    });
  }

  /** PAR, a wrong password then the right one, the consent app's accept with `consentId`, the code, the tokens. */
  async function consentFlow(consentId: string, tokenRequestId: string, passwordAsUsername = false) {
    const key = await dpopKey();
    const verifier = oauth.generateRandomCodeVerifier();
    keep(verifier);
    const par = await post('/par', key, () =>
      form(tpp, {
        response_type: 'code',
        redirect_uri: redirectUri,
        scope: 'openid accounts offline_access',
        state: 'state-1',
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
      }),
    );
    expect(par.status).toBe(201);
    keep(par.body.request_uri);
    const browser = new TestBrowser(as.localBase, as.publicBase);
    const start = await browser.get(
      `${issuer}/oauth2/authorize?client_id=${tpp.clientId}&request_uri=${encodeURIComponent(par.body.request_uri)}`,
    );
    const loginUrl = start.headers.get('location')!;
    keep('wrong-password-7f3a', 'p@ssword!', 'Typed-Password-44!');
    if (passwordAsUsername) {
      // A password typed into the username field is never recorded.
      const typo = await browser.post(loginUrl, { username: 'Typed-Password-44!', password: 'user' });
      expect(typo.status).toBe(401);
    }
    expect((await browser.post(loginUrl, { username: 'user', password: 'wrong-password-7f3a' })).status).toBe(401);
    const login = await browser.post(loginUrl, { username: 'user', password: 'p@ssword!' });
    const handOff = new URL(login.headers.get('location')!);
    const loginId = handOff.searchParams.get('login_id')!;
    keep(handOff.searchParams.get('login_state'));
    const accepted = await system('POST', `logins/${loginId}/accept`, {
      login_state: handOff.searchParams.get('login_state'),
      granted_scopes: ['openid', 'accounts', 'offline_access'],
      consent_id: consentId,
    });
    expect(accepted.status).toBe(200);
    const callback = (await browser.follow(await browser.get(accepted.body.redirect_to))) as URL;
    const code = callback.searchParams.get('code')!;
    keep(code);
    const tokens = await post(
      '/oauth2/token',
      key,
      () => form(tpp, { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier }),
      tokenRequestId,
    );
    expect(tokens.status).toBe(200);
    keep(tokens.body.access_token, tokens.body.refresh_token, tokens.body.id_token);
    return { key, code, verifier, tokens: tokens.body as Record<string, string> };
  }

  it('tells the whole story of one consent by its consent_id, in order: PAR → login → consent → token → refresh → revocation', async () => {
    const consentId = `consent-${randomUUID()}`;
    const tokenRequestId = `req-${randomUUID()}`;
    const flow = await consentFlow(consentId, tokenRequestId);
    const refreshed = await post('/oauth2/token', flow.key, () =>
      form(tpp, { grant_type: 'refresh_token', refresh_token: flow.tokens.refresh_token! }),
    );
    expect(refreshed.status).toBe(200);
    keep(refreshed.body.access_token);
    expect((await system('DELETE', `tokens?consent_id=${encodeURIComponent(consentId)}`)).status).toBe(204);

    const res = await auditEvents({ consent_id: consentId });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const story = [...(res.body.events as AuditEvent[])].reverse(); // newest first on the wire
    expect(story.map((e) => [e.type, e.outcome])).toEqual([
      ['authorization_request.pushed', 'success'],
      ['login.failed', 'failure'],
      ['login.succeeded', 'success'],
      ['consent.accepted', 'success'],
      ['code.issued', 'success'],
      ['code.redeemed', 'success'],
      ['token.issued', 'success'],
      ['token.refreshed', 'success'],
      ['consent.tokens_revoked', 'success'],
    ]);
    for (const e of story) {
      expect(e).toMatchObject({ tenant: 'obgeneric', server: 'gobank' });
      expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(e.request_id).toBeTruthy();
      expect(e.source_address).toBeTruthy();
    }
    expect(story.every((e) => e.client_id === tpp.clientId)).toBe(true);
    expect(story.map((e) => e.subject)).toEqual([null, 'user', 'user', 'user', 'user', 'user', 'user', 'user', 'user']);
    expect(story.slice(3).every((e) => e.consent_id === consentId)).toBe(true);
    const byType = Object.fromEntries(story.map((e) => [e.type, e]));
    expect(byType['authorization_request.pushed']!.detail).toEqual({
      scope: 'openid accounts offline_access',
      authorization_details_types: [],
      signed_request_object: false,
      dpop_bound: true,
      expires_in: 90,
    });
    expect(byType['login.failed']!.detail).toEqual({ identity_pool: 'obgeneric-customers', known_user: true });
    expect(byType['consent.accepted']!.detail).toEqual({
      decided_by: 'system_api',
      granted_scopes: ['openid', 'accounts', 'offline_access'],
      authorization_details_types: [],
      actor_client_id: consentApp.clientId,
    });
    expect(byType['token.issued']).toMatchObject({
      request_id: tokenRequestId,
      detail: {
        grant_type: 'authorization_code',
        token_types: ['access_token', 'refresh_token'],
        scope: 'openid accounts offline_access',
        sender_constraint: 'dpop',
      },
    });
    expect(byType['code.redeemed']!.request_id).toBe(tokenRequestId);
    expect(byType['consent.tokens_revoked']!.detail).toEqual({
      via: 'system_api',
      revoked_tokens: 3,
      actor_client_id: consentApp.clientId,
    });
  });

  it.each([
    ['confirm', 'consent.accepted', 'code.issued'],
    ['deny', 'consent.rejected', undefined],
  ])(
    "the built-in consent page's %s is recorded as decided by the consent page",
    async (action, decisionType, afterwards) => {
      // hyperscalebank has no consent page of its own here: its users decide on the server's page.
      const hyperscaleIssuer = 'https://localhost:8443/obgeneric/hyperscalebank';
      const client = await createClient(
        as.app,
        { grant_types: ['authorization_code'], redirect_uris: [redirectUri], scope: 'openid accounts' },
        'hyperscalebank',
      );
      const key = await dpopKey();
      const par = await withServerNonce(async (nonce) =>
        http()
          .post('/obgeneric/hyperscalebank/par')
          .type('form')
          .set('DPoP', await dpopProof(key, 'POST', `${hyperscaleIssuer}/par`, nonce ? { nonce } : {}))
          .send({
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: await clientAssertion(client, hyperscaleIssuer),
            response_type: 'code',
            redirect_uri: redirectUri,
            scope: 'openid accounts',
            code_challenge: createHash('sha256').update('v'.repeat(43)).digest('base64url'),
            code_challenge_method: 'S256',
          }),
      );
      expect(par.status).toBe(201);
      const browser = new TestBrowser(as.localBase, as.publicBase);
      const start = await browser.get(
        `${hyperscaleIssuer}/oauth2/authorize?client_id=${client.clientId}&request_uri=${encodeURIComponent(par.body.request_uri)}`,
      );
      const consent = await browser.follow(
        await browser.post(start.headers.get('location')!, { username: 'user', password: 'p@ssword!' }),
      );
      const consentUrl = (consent as Response).url.replace(as.localBase, as.publicBase);
      expect(await browser.follow(await browser.post(consentUrl, { action }))).toBeInstanceOf(URL);

      const reader = await createClient(as.app, { scope: 'read_audit' }, 'hyperscalebank');
      const caller = await clientCredentialsToken(http, reader, undefined, 'hyperscalebank');
      const res = await auditEvents({ client_id: client.clientId }, caller, 'hyperscalebank');
      const all = [...(res.body.events as AuditEvent[])].reverse();
      // The PAR's first try met the DPoP nonce challenge: a refusal, then the flow.
      expect(all[0]!.detail).toMatchObject({ endpoint: '/:tenant/:server/par', error: 'use_dpop_nonce' });
      const events = all.slice(1);
      expect(events.map((e) => e.type)).toEqual(
        ['authorization_request.pushed', 'login.succeeded', decisionType, afterwards].filter(Boolean),
      );
      expect(events[2]).toMatchObject({ subject: 'user', consent_id: null, detail: { decided_by: 'consent_page' } });
    },
  );

  it('finds a refused token request by its client_id, with its error and description', async () => {
    const key = await dpopKey();
    const refused = await post('/oauth2/token', key, () =>
      form(tpp, {
        grant_type: 'authorization_code',
        code: 'no-such-code-4d1e',
        redirect_uri: redirectUri,
        code_verifier: 'v'.repeat(43),
      }),
    );
    expect([refused.status, refused.body.error]).toEqual([400, 'invalid_grant']);
    const requestId = refused.headers['x-request-id'] as string;

    const res = await auditEvents({ client_id: tpp.clientId, type: 'request.refused' });
    expect(res.status).toBe(200);
    const found = (res.body.events as AuditEvent[]).find((e) => e.request_id === requestId);
    expect(found).toMatchObject({
      type: 'request.refused',
      outcome: 'refused',
      server: 'gobank',
      client_id: tpp.clientId,
      detail: {
        endpoint: '/:tenant/:server/oauth2/token',
        method: 'POST',
        status: 400,
        error: 'invalid_grant',
        error_description: 'invalid authorization code',
        client_authenticated: true,
      },
    });
    // The DPoP nonce challenge before it is a refusal too (use_dpop_nonce), recorded the same way.
    expect((res.body.events as AuditEvent[]).some((e) => e.detail.error === 'use_dpop_nonce')).toBe(true);
  });

  it('records refusals of PAR, introspection, revocation, registration, userinfo, authorize and the system API', async () => {
    const named = await http()
      .post('/obgeneric/gobank/par')
      .type('form')
      .send({ client_id: tpp.clientId, response_type: 'code' });
    expect([named.status, named.body.error]).toEqual([401, 'invalid_client']);
    // A private_key_jwt client sends no client_id: a broken assertion still names it (unverified).
    const expired = await http()
      .post('/obgeneric/gobank/par')
      .type('form')
      .send({
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await clientAssertion(tpp, issuer, { exp: Math.floor(Date.now() / 1000) - 600 }),
        response_type: 'code',
      });
    expect([expired.status, expired.body.error]).toEqual([401, 'invalid_client']);
    const introspection = await http()
      .post('/obgeneric/gobank/oauth2/introspect')
      .type('form')
      .send(await form(tpp, {}));
    expect(introspection.body.error).toBe('invalid_request');
    const revocation = await http()
      .post('/obgeneric/gobank/oauth2/revoke')
      .type('form')
      .send(await form(tpp, { token: 'x', token_type_hint: 'id_token' }));
    expect(revocation.body.error).toBe('unsupported_token_type');
    const registration = await http()
      .get(`/obgeneric/gobank/oauth2/register/${tpp.clientId}`)
      .set('Authorization', 'Bearer not-the-registration-token-9c2b');
    keep('not-the-registration-token-9c2b');
    expect(registration.status).toBe(401);
    const userinfo = await http().get('/obgeneric/gobank/userinfo');
    expect(userinfo.status).toBe(401);
    const authorize = await http().get(`/obgeneric/gobank/oauth2/authorize?client_id=${tpp.clientId}`);
    expect(authorize.status).toBe(400);
    const systemApi = await system('DELETE', 'tokens');
    expect(systemApi.status).toBe(400);

    const refusals = await allEvents({ type: 'request.refused' });
    const find = (endpoint: string, error: string) =>
      refusals.find((e) => e.detail.endpoint === endpoint && e.detail.error === error);
    expect(find('/:tenant/:server/par', 'invalid_client')).toMatchObject({
      client_id: tpp.clientId,
      detail: { status: 401, client_authenticated: false },
    });
    expect(refusals.find((e) => e.request_id === expired.headers['x-request-id'])).toMatchObject({
      client_id: tpp.clientId,
      detail: { endpoint: '/:tenant/:server/par', error: 'invalid_client', client_authenticated: false },
    });
    expect(find('/:tenant/:server/oauth2/introspect', 'invalid_request')).toMatchObject({
      client_id: tpp.clientId,
      detail: { error_description: 'Missing parameter token', client_authenticated: true },
    });
    expect(find('/:tenant/:server/oauth2/revoke', 'unsupported_token_type')?.client_id).toBe(tpp.clientId);
    expect(find('/:tenant/:server/oauth2/register/:clientId', 'invalid_token')).toMatchObject({
      client_id: tpp.clientId,
      detail: { method: 'GET', status: 401, client_authenticated: false },
    });
    expect(find('/:tenant/:server/userinfo', 'invalid_token')).toBeDefined();
    expect(find('/:tenant/:server/oauth2/authorize', 'invalid_request')).toMatchObject({
      client_id: tpp.clientId,
      detail: { status: 400, error_description: expect.stringContaining('request_uri is missing') },
    });
    expect(find('/api/system/:tenant/servers/:server/tokens', 'invalid_request')).toMatchObject({
      client_id: consentApp.clientId,
      detail: { method: 'DELETE', client_authenticated: true, error_description: 'consent_id is required, once' },
    });
  });

  describe('who may read what', () => {
    let developer: TestClient;
    let developerToken: Caller;

    beforeAll(async () => {
      developer = await createClient(as.app, { scope: 'accounts' });
      developerToken = await clientCredentialsToken(http, developer);
      keep(developerToken.accessToken);
      // A refusal of the developer's own, and one of another client.
      const own = await post('/oauth2/token', await dpopKey(), () =>
        form(developer, { grant_type: 'client_credentials', scope: 'openid' }),
      );
      expect(own.body.error).toBe('invalid_scope');
    });

    it("a client reads its own client_id's events with its own token, without read_audit", async () => {
      const own = await allEvents({}, developerToken);
      expect(own.length).toBeGreaterThanOrEqual(2);
      expect(own.every((e) => e.client_id === developer.clientId)).toBe(true);
      expect(own.map((e) => e.type)).toEqual(expect.arrayContaining(['token.issued', 'request.refused']));
      expect(own.find((e) => e.type === 'request.refused')?.detail).toMatchObject({
        error: 'invalid_scope',
        error_description: 'scope not allowed for this client: openid',
      });
      const explicit = await auditEvents({ client_id: developer.clientId }, developerToken);
      expect(explicit.status).toBe(200);
    });

    it("cannot read another client's events", async () => {
      const res = await auditEvents({ client_id: tpp.clientId }, developerToken);
      expect([res.status, res.body.error]).toEqual([403, 'insufficient_scope']);
      expect(res.headers['www-authenticate']).toMatch(/^DPoP error="insufficient_scope", scope="read_audit"/);
      const byConsent = await auditEvents({ type: 'consent.accepted' }, developerToken);
      expect(byConsent.status).toBe(200);
      expect(byConsent.body.events).toEqual([]);
    });

    it("a token of another server reads nothing here, and the other server's events stay apart", async () => {
      const hyperscaleClient = await createClient(as.app, { scope: 'read_audit' }, 'hyperscalebank');
      const hyperscale = await clientCredentialsToken(http, hyperscaleClient, undefined, 'hyperscalebank');
      keep(hyperscale.accessToken);
      const cross = await auditEvents({}, hyperscale);
      expect([cross.status, cross.body.error]).toEqual([401, 'invalid_token']);
      const own = await auditEvents({}, hyperscale, 'hyperscalebank');
      expect(own.status).toBe(200);
      const events = own.body.events as AuditEvent[];
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((e) => e.server === 'hyperscalebank')).toBe(true);
    });

    it('needs a sender-constrained access token', async () => {
      const anonymous = await http().get('/api/system/obgeneric/servers/gobank/audit-events');
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers['www-authenticate']).toMatch(/^DPoP/);
      const noProof = await http()
        .get('/api/system/obgeneric/servers/gobank/audit-events')
        .set('Authorization', `DPoP ${auditor.accessToken}`);
      expect([noProof.status, noProof.body.error]).toEqual([401, 'invalid_token']);
      expect(noProof.headers['www-authenticate']).toMatch(/error="invalid_dpop_proof"/);
    });
  });

  it('filters by subject, type and time range, and pages newest first with an opaque cursor', async () => {
    const all = await allEvents({ client_id: tpp.clientId });
    const pages: AuditEvent[][] = [];
    let cursor: string | undefined;
    do {
      const res = await auditEvents({ client_id: tpp.clientId, limit: '3', ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      pages.push(res.body.events as AuditEvent[]);
      cursor = res.body.next_cursor as string | undefined;
    } while (cursor);
    expect(pages.length).toBe(Math.ceil(all.length / 3));
    expect(pages.slice(0, -1).every((p) => p.length === 3)).toBe(true);
    expect(pages.flat().map((e) => e.id)).toEqual(all.map((e) => e.id));
    const times = all.map((e) => Date.parse(e.time));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const logins = await allEvents({ subject: 'user', type: 'login.succeeded,login.failed' });
    expect(logins.length).toBeGreaterThanOrEqual(2);
    expect(logins.every((e) => e.subject === 'user' && e.type.startsWith('login.'))).toBe(true);

    const middle = all[Math.floor(all.length / 2)]!;
    const since = await allEvents({ client_id: tpp.clientId, since: middle.time });
    expect(since.length).toBeGreaterThan(0);
    expect(since.every((e) => e.time >= middle.time)).toBe(true);
    expect(since.map((e) => e.id)).toContain(middle.id);
    const until = await allEvents({ client_id: tpp.clientId, until: middle.time });
    expect(until.every((e) => e.time < middle.time)).toBe(true);
    expect(since.length + until.length).toBe(all.length);

    for (const bad of [
      { cursor: 'not-a-cursor' } as Record<string, string>,
      { since: 'yesterday' },
      { type: 'made.up' },
      { limit: '0' },
      { sort: 'asc' },
    ]) {
      const res = await auditEvents(bad);
      expect([res.status, res.body.error]).toEqual([400, 'invalid_request']);
    }
  });

  it('records registration, code reuse, token revocation, admin changes and identity-pool changes — and never a secret', async () => {
    // RFC 7591 / 7592: register, update, delete.
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    keep((await exportJWK(privateKey)).d);
    const metadata = {
      client_name: 'Audited TPP',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code', 'client_credentials'],
      response_types: ['code'],
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [{ ...(await exportJWK(publicKey)), use: 'sig', alg: 'ES256', kid: 'k1' }] },
      scope: 'accounts',
    };
    const registered = await http().post('/obgeneric/gobank/oauth2/register').send(metadata);
    expect([registered.status, registered.body.error_description]).toEqual([201, undefined]);
    const rat = registered.body.registration_access_token as string;
    keep(rat);
    const clientId = registered.body.client_id as string;
    await http()
      .put(`/obgeneric/gobank/oauth2/register/${clientId}`)
      .set('Authorization', `Bearer ${rat}`)
      .send({ ...metadata, client_id: clientId, client_name: 'Audited TPP 2' })
      .expect(200);
    await http()
      .delete(`/obgeneric/gobank/oauth2/register/${clientId}`)
      .set('Authorization', `Bearer ${rat}`)
      .expect(204);

    // A code redeemed twice, and an RFC 7009 revocation.
    const typoConsent = `consent-${randomUUID()}`;
    const flow = await consentFlow(typoConsent, `req-${randomUUID()}`, true);
    const typo = (await allEvents({ consent_id: typoConsent, type: 'login.failed' })).map((e) => [e.subject, e.detail]);
    expect(typo).toEqual([
      ['user', { identity_pool: 'obgeneric-customers', known_user: true }],
      [null, { identity_pool: 'obgeneric-customers', known_user: false }],
    ]);
    const reuse = await post('/oauth2/token', flow.key, () =>
      form(tpp, {
        grant_type: 'authorization_code',
        code: flow.code,
        redirect_uri: redirectUri,
        code_verifier: flow.verifier,
      }),
    );
    expect(reuse.body.error).toBe('invalid_grant');
    const flow2 = await consentFlow(`consent-${randomUUID()}`, `req-${randomUUID()}`);
    await http()
      .post('/obgeneric/gobank/oauth2/revoke')
      .type('form')
      .send(await form(tpp, { token: flow2.tokens.refresh_token! }))
      .expect(200);

    // The admin API: settings, a key, a RAR type.
    const operatorClient = await createClient(as.app, { scope: 'manage_servers' });
    const operator = await clientCredentialsToken(http, operatorClient);
    keep(operator.accessToken);
    const admin = async (method: 'PATCH' | 'POST' | 'PUT', path: string, body: object) => {
      const url = `https://localhost:8443/api/admin/obgeneric/servers/gobank${path}`;
      const proof = await dpopProof(operator.key, method, url, { ath: ath(operator.accessToken) });
      const req =
        method === 'PATCH'
          ? http().patch(new URL(url).pathname)
          : method === 'POST'
            ? http().post(new URL(url).pathname)
            : http().put(new URL(url).pathname);
      return req.set('Authorization', `DPoP ${operator.accessToken}`).set('DPoP', proof).send(body);
    };
    expect((await admin('PATCH', '', { par_ttl_seconds: 60 })).status).toBe(200);
    const rotated = await admin('POST', '/keys/rotate', { alg: 'ES256' });
    expect(rotated.status).toBe(200);
    const type = await admin('PUT', '/authorization-details-types/audited_type', {
      schema: { type: 'object', properties: { type: { const: 'audited_type' } } },
    });
    expect(type.status).toBe(200);

    // An identity-pool record with a password (its hash and the password stay out of the trail).
    const poolClient = await createClient(as.app, { scope: 'manage_identity_pools' });
    const poolCaller = await clientCredentialsToken(http, poolClient);
    keep(poolCaller.accessToken, 'Pool-Secret-Pass-31!');
    const poolUrl = 'https://localhost:8443/api/system/obgeneric/pools/obgeneric-customers/records';
    const created = await http()
      .post(new URL(poolUrl).pathname)
      .set('Authorization', `DPoP ${poolCaller.accessToken}`)
      .set('DPoP', await dpopProof(poolCaller.key, 'POST', poolUrl, { ath: ath(poolCaller.accessToken) }))
      .send({ attributes: { username: 'audited-user' }, password: 'Pool-Secret-Pass-31!' });
    expect(created.status).toBe(201);

    const recorded = await allEvents({});
    const types = new Set(recorded.map((e) => e.type));
    for (const t of [
      'client.registered',
      'client.updated',
      'client.deleted',
      'code.reused',
      'token.revoked',
      'server.settings_changed',
      'key.rotated',
      'authorization_details_type.changed',
      'identity_record.created',
    ])
      expect(types).toContain(t);
    expect(recorded.find((e) => e.type === 'client.updated')).toMatchObject({
      client_id: clientId,
      detail: { via: 'registration', client_name: 'Audited TPP 2', token_endpoint_auth_method: 'private_key_jwt' },
    });
    expect(recorded.find((e) => e.type === 'code.reused')).toMatchObject({
      outcome: 'failure',
      detail: { revoked_tokens: 2 },
    });
    expect(recorded.find((e) => e.type === 'token.revoked')?.detail).toEqual({
      token_type: 'refresh_token',
      revoked_tokens: 2,
    });
    expect(recorded.find((e) => e.type === 'server.settings_changed')?.detail).toEqual({
      changed: ['par_ttl_seconds'],
      actor_client_id: operatorClient.clientId,
    });
    expect(recorded.find((e) => e.type === 'key.rotated')?.detail).toMatchObject({
      alg: 'ES256',
      kid: rotated.body.kid,
    });
    expect(recorded.find((e) => e.type === 'identity_record.created')).toMatchObject({
      server: 'gobank',
      client_id: poolClient.clientId,
      subject: 'audited-user',
    });

    // The scan: every stored event of every test, as JSON, holds none of the secrets used.
    const rows: Array<{ event: unknown }> = await as.app
      .get(DataSource)
      .query(`SELECT row_to_json(e) AS "event" FROM "audit_event" e`);
    expect(rows.length).toBeGreaterThan(30);
    const hashes: Array<{ h: string }> = await as.app
      .get(DataSource)
      .query(`SELECT "password_hash" AS "h" FROM "identity_record" WHERE "password_hash" IS NOT NULL`);
    for (const { h } of hashes) keep(h);
    // The servers' private signing keys.
    const keys: Array<{ d: string }> = await as.app
      .get(DataSource)
      .query(`SELECT "private_jwk" ->> 'd' AS "d" FROM "signing_key"`);
    for (const { d } of keys) keep(d);
    expect(secrets.size).toBeGreaterThan(30);
    const leaks = rows.flatMap(({ event }) => {
      const json = JSON.stringify(event);
      return [...secrets]
        .filter((secret) => json.includes(secret))
        .map((secret) => `${secret.slice(0, 12)}… in ${json.slice(0, 200)}`);
    });
    expect(leaks).toEqual([]);
  });

  it("a consent record revoked through the pool API is in the consent's timeline at its server", async () => {
    const bankClient = await createClient(as.app, { scope: 'manage_identity_pools read_audit' }, 'hyperscalebank');
    const bank = await clientCredentialsToken(http, bankClient, undefined, 'hyperscalebank');
    const poolPath = '/api/system/obgeneric/pools/hyperscalebank-consents/records';
    const call = async (method: 'POST' | 'PATCH', path: string, body: object, ifMatch?: string) => {
      const url = `https://localhost:8443${path}`;
      const proof = await dpopProof(bank.key, method, url, { ath: ath(bank.accessToken) });
      let req = (method === 'POST' ? http().post(path) : http().patch(path))
        .set('Authorization', `DPoP ${bank.accessToken}`)
        .set('DPoP', proof);
      if (ifMatch) req = req.set('If-Match', ifMatch);
      return req.send(body);
    };
    const created = await call('POST', poolPath, {
      attributes: {
        subject: 'user',
        client_id: 'some-tpp',
        status: 'authorized',
        created_at: '2026-12-02T10:00:00Z',
      },
    });
    expect(created.status).toBe(201);
    const revoked = await call(
      'PATCH',
      `${poolPath}/${created.body.id}`,
      { attributes: { status: 'revoked' } },
      created.headers.etag,
    );
    expect(revoked.status).toBe(200);
    const res = await auditEvents({ consent_id: created.body.id }, bank, 'hyperscalebank');
    expect(res.status).toBe(200);
    expect([...(res.body.events as AuditEvent[])].reverse().map((e) => [e.type, e.client_id, e.subject])).toEqual([
      ['identity_record.created', 'some-tpp', 'user'],
      ['consent.tokens_revoked', 'some-tpp', 'user'],
      ['identity_record.updated', 'some-tpp', 'user'],
    ]);
    const [, tokensRevoked] = [...(res.body.events as AuditEvent[])].reverse();
    expect(tokensRevoked!.detail).toEqual({
      via: 'identity_pool',
      revoked_tokens: 0,
      pool_id: 'hyperscalebank-consents',
      actor_client_id: bankClient.clientId,
    });
  });

  it('Swagger documents the audit events operation, its filters and answers', async () => {
    const doc = (await http().get('/docs-json').expect(200)).body as {
      paths: Record<
        string,
        Record<string, { parameters: Array<{ name: string }>; responses: Record<string, unknown> }>
      >;
      components: { schemas: Record<string, unknown> };
    };
    const get = doc.paths['/api/system/{tenant}/servers/{server}/audit-events']!.get!;
    expect(get.parameters.map((p) => p.name).sort()).toEqual(
      ['client_id', 'consent_id', 'cursor', 'limit', 'server', 'since', 'subject', 'tenant', 'type', 'until'].sort(),
    );
    expect(Object.keys(get.responses).sort()).toEqual(['200', '400', '401', '403', '404']);
    expect(doc.components.schemas).toHaveProperty('AuditEventPageDto');
    expect(doc.components.schemas).toHaveProperty('AuditEventDto');
  });

  describe('append-only, with retention', () => {
    it('refuses to change or delete an event outside the retention sweep', async () => {
      const db = as.app.get(DataSource);
      await expect(db.query(`UPDATE "audit_event" SET "outcome" = 'success'`)).rejects.toThrow(/append-only/);
      await expect(db.query(`DELETE FROM "audit_event"`)).rejects.toThrow(/append-only/);
      await expect(db.query(`TRUNCATE "audit_event"`)).rejects.toThrow(/append-only/);
    });

    it('the housekeeping sweep deletes events older than the retention (default 30 days) and keeps the rest', async () => {
      expect(as.sandbox.config.env.AUTH_SERVER_AUDIT_RETENTION_DAYS).toBe(30);
      const db = as.app.get(DataSource);
      const now = new Date();
      const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
      const marker = `retention-${randomUUID()}`;
      const event = (at: Date) => ({
        type: 'login.failed' as const,
        outcome: 'failure' as const,
        at,
        tenant: 'obgeneric',
        serverId: 'gobank',
        clientId: marker,
        origin: { requestId: null, sourceAddress: null },
        detail: { identity_pool: 'obgeneric-customers', known_user: false },
      });
      await as.app.get(AuditEventRepository).record([event(daysAgo(31)), event(daysAgo(29))]);
      const before: Array<{ n: number }> = await db.query(`SELECT count(*)::int AS n FROM "audit_event"`);

      const result = await as.app.get(Housekeeping).sweep(now);

      expect(result).toMatchObject({ swept: true, deleted: { audit_event: 1 } });
      const left: Array<{ occurred_at: Date }> = await db.query(
        `SELECT "occurred_at" FROM "audit_event" WHERE "client_id" = $1`,
        [marker],
      );
      expect(left.map((r) => r.occurred_at.getTime())).toEqual([daysAgo(29).getTime()]);
      const after: Array<{ n: number }> = await db.query(`SELECT count(*)::int AS n FROM "audit_event"`);
      expect(after[0]!.n).toBe(before[0]!.n - 1);
      // The sweep's permission ended with its transaction.
      await expect(db.query(`DELETE FROM "audit_event" WHERE "client_id" = $1`, [marker])).rejects.toThrow(
        /append-only/,
      );
    });
  });
});
