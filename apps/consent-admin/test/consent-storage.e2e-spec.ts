import { createHash } from 'node:crypto';
import { ConsentStorageClient, ConsentStoreError, type ConsentDto } from '@ofs/consent-store';
import * as oauth from 'oauth4webapi';
import { TestBrowser } from '../../auth-server/test/browser';
import {
  clientAssertion,
  createClient,
  dpopKey,
  dpopProof,
  type DpopKey,
  type TestClient,
} from '../../auth-server/test/client-fixtures';
import { ConsentsService } from '../src/consents/consents.service';
import { TokenRevocationWorker } from '../src/token-revocation/token-revocation.worker';
import { startConsentStorage, type ConsentStorageHarness, type HttpsAnswer } from './consent-storage-harness';

jest.setTimeout(60_000);

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const CONSENT_PAGE = 'https://localhost:7080/consent';
const REDIRECT_URI = 'https://tpp.example/cb';
const ath = (token: string) => createHash('sha256').update(token).digest('base64url');

// Issue 9 items 1-2: Go Bank's consent storage API behind a FAPI resource-server guard, and revocations that
// reach the authorization server (also when it was down), all over real TLS between the real apps.
describe('consent storage API (consent-admin) with the authorization server', () => {
  let h: ConsentStorageHarness;
  let goBank: ConsentStorageClient;
  let tpp: TestClient;

  beforeAll(async () => {
    h = await startConsentStorage({ consentPageUrl: CONSENT_PAGE });
    goBank = new ConsentStorageClient({
      baseUrl: h.consentAdminBase,
      clientId: 'gobank-bank',
      tokenEndpoint: `${h.asMtlsBase}/obgeneric/gobank/oauth2/token`,
      tls: { ca: h.pki.ca, ...h.certificate('go-bank') },
    });
    tpp = await createClient(h.asApp, {
      client_name: 'Financroo',
      grant_types: ['authorization_code', 'refresh_token'],
      redirect_uris: [REDIRECT_URI],
      scope: 'openid accounts offline_access',
    });
  });
  afterAll(async () => {
    goBank?.close();
    await h?.close();
  });

  const issuer = () => `${h.asPublicBase}/obgeneric/gobank`;
  const consentsUrl = (path = '') => `${h.consentAdminBase}/api/consents${path}`;
  const newConsent = (overrides: Record<string, unknown> = {}) => ({
    subject: 'user',
    client_id: tpp.clientId,
    client_name: 'Financroo',
    granted_scopes: ['openid', 'accounts'],
    account_ids: ['96534987', '1000001'],
    authorization_details: [{ type: 'account_information', actions: ['list_accounts', 'read_balances'] }],
    ...overrides,
  });

  /** client_credentials over mutual TLS with a seeded client's certificate (certificate-bound token). */
  async function mtlsToken(clientId: string, certificate: string, scope?: string): Promise<string> {
    const res = await h.request({
      url: `${h.asMtlsBase}/obgeneric/${clientId.startsWith('hyperscalebank') ? 'hyperscalebank' : 'gobank'}/oauth2/token`,
      form: { grant_type: 'client_credentials', client_id: clientId, ...(scope ? { scope } : {}) },
      certificate: h.certificate(certificate),
    });
    expect(res.status).toBe(200);
    expect(res.body.token_type).toBe('Bearer');
    return res.body.access_token as string;
  }

  /** client_credentials over mutual TLS with a DPoP proof: a DPoP-bound token (RFC 9449 §5). */
  async function dpopToken(key: DpopKey): Promise<string> {
    const url = `${h.asMtlsBase}/obgeneric/gobank/oauth2/token`;
    const ask = async (nonce?: string) =>
      h.request({
        url,
        form: { grant_type: 'client_credentials', client_id: 'gobank-bank', scope: 'manage_consents' },
        certificate: h.certificate('go-bank'),
        headers: { DPoP: await dpopProof(key, 'POST', url, nonce ? { nonce } : {}) },
      });
    let res = await ask();
    if (res.body.error === 'use_dpop_nonce') res = await ask(res.headers['dpop-nonce'] as string);
    expect([res.status, res.body.token_type]).toEqual([200, 'DPoP']);
    return res.body.access_token as string;
  }

  async function dpopCall(token: string, key: DpopKey, method: string, url: string, json?: unknown, claims = {}) {
    const proof = await dpopProof(key, method, url.split('?')[0]!, { ath: ath(token), ...claims });
    return h.request({ method, url, json, headers: { Authorization: `DPoP ${token}`, DPoP: proof } });
  }

  function expectChallenge(res: HttpsAnswer, status: number, challenge: RegExp): void {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'about:blank', status });
    expect(res.headers['www-authenticate']).toMatch(challenge);
  }

  describe('create, read, search (Go Bank through ConsentStorageClient: certificate-bound token, go-bank certificate)', () => {
    it('creates a consent (201) with a random id and reads it back', async () => {
      const created = await goBank.create(newConsent());
      expect(created).toEqual({
        id: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/),
        bank: 'gobank',
        subject: 'user',
        client_id: tpp.clientId,
        client_name: 'Financroo',
        status: 'authorized',
        granted_scopes: ['openid', 'accounts'],
        account_ids: ['96534987', '1000001'],
        authorization_details: [{ type: 'account_information', actions: ['list_accounts', 'read_balances'] }],
        created_at: expect.any(String),
        updated_at: created.created_at,
        revoked_at: null,
        revoked_by: null,
        token_revocation: null,
      });
      expect(await goBank.get(created.id)).toEqual(created);
      expect(await goBank.get('no-such-consent')).toBeUndefined();
    });

    it('works the same with a DPoP-bound token (senderConstraint dpop: a proof on every call)', async () => {
      const dpopClient = new ConsentStorageClient({
        baseUrl: h.consentAdminBase,
        clientId: 'gobank-bank',
        tokenEndpoint: `${h.asMtlsBase}/obgeneric/gobank/oauth2/token`,
        tls: { ca: h.pki.ca, ...h.certificate('go-bank') },
        senderConstraint: 'dpop',
      });
      try {
        const created = await dpopClient.create(newConsent({ subject: 'dpop-customer' }));
        expect(await dpopClient.get(created.id)).toEqual(created);
        expect((await dpopClient.list({ subject: 'dpop-customer' })).consents.map((c) => c.id)).toContain(created.id);
      } finally {
        dpopClient.close();
      }
    });

    it('searches by account id, subject, client and status, one page at a time with next_cursor', async () => {
      const subject = `customer-${Date.now()}`;
      const made: ConsentDto[] = [];
      for (let i = 0; i < 5; i++) {
        made.push(await goBank.create(newConsent({ subject, account_ids: [i % 2 ? '2000002' : '96534987'] })));
      }
      await goBank.create(newConsent({ subject, status: 'rejected', account_ids: [] }));
      const ids: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 5; page++) {
        const res = await goBank.list({ subject, status: 'authorized', limit: 2, cursor });
        ids.push(...res.consents.map((c) => c.id));
        if (!res.next_cursor) break;
        cursor = res.next_cursor;
      }
      expect(ids).toEqual(made.map((c) => c.id).reverse());
      const byAccount = await goBank.list({ subject, account_id: '2000002' });
      expect(byAccount.consents.map((c) => c.id).sort()).toEqual([made[1]!.id, made[3]!.id].sort());
      expect(byAccount.next_cursor).toBeNull();
      expect((await goBank.list({ subject, status: 'rejected' })).consents).toHaveLength(1);
      expect((await goBank.list({ subject, client_id: 'another-tpp' })).consents).toEqual([]);
    });

    it.each([
      ['a missing subject', newConsentWithout('subject')],
      ['an account id with a space', { account_ids: ['96534987 1'] }],
      ['authorization details without type', { authorization_details: [{ actions: ['x'] }] }],
      ['status revoked', { status: 'revoked' }],
      ['an unknown member', { expires: 'never' }],
    ])('refuses %s with a 400 problem', async (_name, change) => {
      const body = { ...newConsent(), ...change };
      for (const [k, v] of Object.entries(body)) if (v === undefined) delete (body as Record<string, unknown>)[k];
      const res = await h.request({
        url: consentsUrl(),
        json: body,
        headers: { Authorization: `Bearer ${await mtlsToken('gobank-bank', 'go-bank', 'manage_consents')}` },
        certificate: h.certificate('go-bank'),
      });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it.each([
      ['limit=0'],
      ['limit=101'],
      ['status=gone'],
      ['created_from=yesterday'],
      // ISO 8601 forms that no Date reads (week date, basic format, decimal comma): 400, not a database error.
      ['created_from=2026-W01'],
      ['created_to=20260101'],
      ['created_to=2026-01-01T10:00:00,5Z'],
      ['cursor=bm9wZQ'],
      ['foo=1'],
    ])('refuses the search ?%s with a 400 problem', async (query) => {
      const res = await h.request({
        url: consentsUrl(`?${query}`),
        headers: { Authorization: `Bearer ${await mtlsToken('gobank-bank', 'go-bank', 'manage_consents')}` },
        certificate: h.certificate('go-bank'),
      });
      expect([res.status, res.body.status]).toEqual([400, 400]);
    });
  });

  describe('the resource-server guard (FAPI2-SP 5.3.4, RFC 6750 §3, RFC 9449 §7, RFC 8705 §3)', () => {
    it('RS-11: no token: 401 with a challenge per scheme and no error code; RS-03: a token in the query is no token', async () => {
      const res = await h.request({ url: consentsUrl() });
      expectChallenge(res, 401, /^DPoP algs="PS256 ES256 EdDSA", Bearer$/);
      const token = await mtlsToken('gobank-bank', 'go-bank', 'manage_consents');
      const inQuery = await h.request({
        url: consentsUrl(`?access_token=${token}`),
        certificate: h.certificate('go-bank'),
      });
      expectChallenge(inQuery, 401, /^DPoP algs="PS256 ES256 EdDSA", Bearer$/);
    });

    it('RS-01/RS-05/RS-07/RS-12: a DPoP-bound token with a good proof is accepted; the proof is checked on every request', async () => {
      const key = await dpopKey();
      const token = await dpopToken(key);
      const created = await dpopCall(token, key, 'POST', consentsUrl(), newConsent());
      expect(created.status).toBe(201);
      const url = consentsUrl(`/${created.body.id as string}`);
      expect((await dpopCall(token, key, 'GET', url)).status).toBe(200);

      const invalidProof = /^DPoP error="invalid_dpop_proof", error_description="[^"]+", algs="PS256 ES256 EdDSA"$/;
      // RFC 9449 §4.3: htu, htm, ath, key binding, iat window; §11.1: a jti once.
      expectChallenge(await dpopCall(token, key, 'GET', url, undefined, { htu: consentsUrl() }), 401, invalidProof);
      expectChallenge(await dpopCall(token, key, 'GET', url, undefined, { htm: 'POST' }), 401, invalidProof);
      expectChallenge(await dpopCall(token, key, 'GET', url, undefined, { ath: ath('other') }), 401, invalidProof);
      expectChallenge(await dpopCall(token, await dpopKey(), 'GET', url), 401, invalidProof);
      const stale = { iat: Math.floor(Date.now() / 1000) - 120 };
      expectChallenge(await dpopCall(token, key, 'GET', url, undefined, stale), 401, invalidProof);
      const proof = await dpopProof(key, 'GET', url, { ath: ath(token) });
      const once = { Authorization: `DPoP ${token}`, DPoP: proof };
      expect((await h.request({ url, headers: once })).status).toBe(200);
      expectChallenge(await h.request({ url, headers: once }), 401, invalidProof);
      // Without a proof, or with the Bearer scheme.
      expectChallenge(await h.request({ url, headers: { Authorization: `DPoP ${token}` } }), 401, invalidProof);
      expectChallenge(
        await h.request({ url, headers: { Authorization: `Bearer ${token}` } }),
        401,
        /^DPoP error="invalid_token"/,
      );
    });

    it('RS-09: a certificate-bound token needs its certificate on the connection: none, or another one, is 401', async () => {
      const token = await mtlsToken('gobank-bank', 'go-bank', 'manage_consents');
      const auth = { Authorization: `Bearer ${token}` };
      expect(
        (await h.request({ url: consentsUrl(), headers: auth, certificate: h.certificate('go-bank') })).status,
      ).toBe(200);
      const wrongBinding = /^Bearer error="invalid_token", error_description="The access token is bound to another/;
      expectChallenge(await h.request({ url: consentsUrl(), headers: auth }), 401, wrongBinding);
      expectChallenge(
        await h.request({ url: consentsUrl(), headers: auth, certificate: h.certificate('financroo') }),
        401,
        wrongBinding,
      );
    });

    it('RS-11: a token without manage_consents: 403 insufficient_scope naming the scope', async () => {
      const token = await mtlsToken('gobank-bank', 'go-bank', 'introspect_tokens');
      const res = await h.request({
        url: consentsUrl(),
        headers: { Authorization: `Bearer ${token}` },
        certificate: h.certificate('go-bank'),
      });
      expectChallenge(res, 403, /^Bearer error="insufficient_scope", .*scope="manage_consents"/);
      expect(res.body.error).toBe('insufficient_scope');
    });

    it("RS-10: an unknown token, or another bank's server's token, is 401 invalid_token", async () => {
      const foreign = await mtlsToken('hyperscalebank-bank', 'hyperscale-bank');
      for (const token of [foreign, 'not-a-token-we-issued']) {
        const res = await h.request({
          url: consentsUrl(),
          headers: { Authorization: `Bearer ${token}` },
          certificate: h.certificate('hyperscale-bank'),
        });
        expectChallenge(res, 401, /^Bearer error="invalid_token", error_description="The access token is not active"/);
      }
    });

    it('Swagger describes the API with both security schemes', async () => {
      const res = await h.request({ url: `${h.consentAdminBase}/docs-json` });
      expect(res.status).toBe(200);
      const doc = res.body as {
        components: { securitySchemes: object };
        paths: Record<string, Record<string, object>>;
      };
      expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['certificate-bound', 'dpop']);
      expect(
        Object.keys(doc.paths)
          .filter((p) => p.startsWith('/api/consents'))
          .sort(),
      ).toEqual(['/api/consents', '/api/consents/revoke', '/api/consents/{id}', '/api/consents/{id}/revoke']);
      expect(doc.paths['/api/consents/{id}/revoke']!.post).toMatchObject({
        security: [{ dpop: ['manage_consents'] }, { 'certificate-bound': ['manage_consents'] }],
      });
    });
  });

  describe('revocation that bites (issue 9 item 2)', () => {
    /** A customer's authorization-code flow whose consent page (Go Bank, here the test) accepts with `consentId`. */
    async function tokensUnder(consentId: string): Promise<{ access_token: string; refresh_token: string }> {
      const key = await dpopKey();
      const verifier = oauth.generateRandomCodeVerifier();
      const challenge = await oauth.calculatePKCECodeChallenge(verifier);
      const post = async (path: string, form: Record<string, string>, htu: string, nonce?: string) =>
        fetch(`${h.asLocalBase}${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            DPoP: await dpopProof(key, 'POST', htu, nonce ? { nonce } : {}),
          },
          body: new URLSearchParams({
            ...form,
            client_assertion_type: JWT_BEARER,
            client_assertion: await clientAssertion(tpp, issuer()),
          }),
        });
      const withNonce = async (send: (nonce?: string) => Promise<Response>) => {
        const first = await send();
        if (first.status !== 400) return first;
        const nonce = first.headers.get('dpop-nonce');
        return nonce ? send(nonce) : first;
      };
      const par = await withNonce((nonce) =>
        post(
          '/obgeneric/gobank/par',
          {
            response_type: 'code',
            redirect_uri: REDIRECT_URI,
            scope: 'openid accounts offline_access',
            code_challenge: challenge,
            code_challenge_method: 'S256',
          },
          `${issuer()}/par`,
          nonce,
        ),
      );
      const requestUri = ((await par.json()) as { request_uri: string }).request_uri;
      const browser = new TestBrowser(h.asLocalBase, h.asPublicBase);
      const start = await browser.get(
        `${issuer()}/oauth2/authorize?client_id=${tpp.clientId}&request_uri=${encodeURIComponent(requestUri)}`,
      );
      const login = await browser.post(start.headers.get('location')!, { username: 'user', password: 'p@ssword!' });
      const handOff = new URL(login.headers.get('location')!);
      expect(handOff.origin + handOff.pathname).toBe(CONSENT_PAGE);
      const loginId = handOff.searchParams.get('login_id')!;
      // Go Bank's consent page accepts the login through the system API with the consent's id.
      const accepted = await h.request({
        url: `${h.asMtlsBase}/api/system/obgeneric/servers/gobank/logins/${loginId}/accept`,
        json: {
          login_state: handOff.searchParams.get('login_state'),
          granted_scopes: ['openid', 'accounts', 'offline_access'],
          consent_id: consentId,
        },
        headers: { Authorization: `Bearer ${await mtlsToken('gobank-bank', 'go-bank', 'manage_logins')}` },
        certificate: h.certificate('go-bank'),
      });
      expect(accepted.status).toBe(200);
      const callback = (await browser.follow(await browser.get(accepted.body.redirect_to as string))) as URL;
      const code = callback.searchParams.get('code')!;
      const tokens = await withNonce((nonce) =>
        post(
          '/obgeneric/gobank/oauth2/token',
          { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier },
          `${issuer()}/oauth2/token`,
          nonce,
        ),
      );
      expect(tokens.status).toBe(200);
      return (await tokens.json()) as { access_token: string; refresh_token: string };
    }

    /** What the bank's resource server sees (RFC 7662), as the test's private_key_jwt client with introspect_tokens. */
    let introspector: TestClient;
    beforeAll(async () => {
      introspector = await createClient(h.asApp, { scope: 'introspect_tokens' });
    });
    async function introspect(token: string): Promise<Record<string, unknown>> {
      const res = await fetch(`${h.asLocalBase}/obgeneric/gobank/oauth2/introspect`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          token,
          client_assertion_type: JWT_BEARER,
          client_assertion: await clientAssertion(introspector, issuer()),
        }),
      });
      return (await res.json()) as Record<string, unknown>;
    }
    const worker = () => h.consentAdmin.apps.admin!.get(TokenRevocationWorker);

    it('revoking a consent makes its tokens inactive at once; a second revoke is 409, an unknown id 404', async () => {
      const consent = await goBank.create(newConsent());
      const tokens = await tokensUnder(consent.id);
      expect(await introspect(tokens.access_token)).toMatchObject({ active: true, consent_id: consent.id });

      const revoked = await goBank.revoke(consent.id);
      expect(revoked).toMatchObject({
        status: 'revoked',
        revoked_by: 'gobank-bank',
        revoked_at: expect.any(String),
        token_revocation: { status: 'done', attempts: 1, last_error: null, next_attempt_at: null },
      });
      expect(await introspect(tokens.access_token)).toEqual({ active: false });
      expect(await introspect(tokens.refresh_token)).toEqual({ active: false });

      await expect(goBank.revoke(consent.id)).rejects.toMatchObject({ kind: 'conflict', status: 409 });
      await expect(goBank.revoke('no-such-consent')).rejects.toMatchObject({ kind: 'not_found', status: 404 });
      const rejected = await goBank.create(newConsent({ status: 'rejected', account_ids: [] }));
      await expect(goBank.revoke(rejected.id)).rejects.toBeInstanceOf(ConsentStoreError);
    });

    it('a consent whose accept failed at the AS is revoked with revoked_by "system" (the documented clean-up)', async () => {
      const consent = await goBank.create(newConsent());
      expect(await goBank.revoke(consent.id, 'system')).toMatchObject({
        status: 'revoked',
        revoked_by: 'system',
        token_revocation: { status: 'done' },
      });
    });

    it('a revoke without a body is the caller revoking', async () => {
      const consent = await goBank.create(newConsent());
      const res = await h.request({
        method: 'POST',
        url: consentsUrl(`/${consent.id}/revoke`),
        headers: { Authorization: `Bearer ${await mtlsToken('gobank-bank', 'go-bank', 'manage_consents')}` },
        certificate: h.certificate('go-bank'),
      });
      expect([res.status, res.body.status, res.body.revoked_by]).toEqual([200, 'revoked', 'gobank-bank']);
    });

    it('a revocation made while the authorization server is down is delivered once it is back', async () => {
      const consent = await goBank.create(newConsent());
      const tokens = await tokensUnder(consent.id);
      // While it is down the API cannot check callers' tokens, so the revocation comes from inside consent-admin
      // (as the console's will): the same service, the same transaction and outbox.
      const service = h.consentAdmin.apps.admin!.get(ConsentsService);
      await h.stopAuthServer();
      let pending: ConsentDto;
      try {
        pending = await service.revoke('gobank', consent.id, 'staff');
      } finally {
        await h.startAuthServer();
      }
      expect(pending.status).toBe('revoked');
      expect(pending.token_revocation).toMatchObject({ status: 'pending', attempts: 1, done_at: null });
      expect(pending.token_revocation!.last_error).toMatch(/ECONNREFUSED|socket|closed|reset/i);
      const due = new Date(pending.token_revocation!.next_attempt_at!);
      expect(due.getTime()).toBeGreaterThan(new Date(pending.revoked_at!).getTime());
      // Not attempted again before its backoff; then delivered (the poller may have got there first).
      await worker().idle();
      expect(await worker().deliverDue(new Date(due.getTime() - 1), [consent.id])).toBe(0);
      await worker().deliverDue(due, [consent.id]);
      expect((await goBank.get(consent.id))!.token_revocation).toMatchObject({ status: 'done', last_error: null });
      expect(await introspect(tokens.access_token)).toEqual({ active: false });
    });

    it('a revocation answers while a hanging authorization server still holds its delivery (pending), and is delivered later', async () => {
      const consent = await goBank.create(newConsent());
      const tokens = await tokensUnder(consent.id);
      // The attempt made at once hangs (as on a server that never answers); the pollers deliver nothing meanwhile.
      const hanging = jest.spyOn(worker(), 'deliverNow').mockReturnValue(new Promise<number>(() => undefined));
      const pollers = Object.values(h.consentAdmin.apps).flatMap((app) => {
        try {
          return [app.get(TokenRevocationWorker)];
        } catch {
          return [];
        }
      });
      const idle = pollers.map((w) => jest.spyOn(w, 'deliverDue').mockResolvedValue(0));
      await Promise.all(pollers.map((w) => w.idle()));
      let answered: ConsentDto;
      try {
        answered = await h.consentAdmin.apps.admin!.get(ConsentsService).revoke('gobank', consent.id, 'staff');
      } finally {
        hanging.mockRestore();
        idle.forEach((spy) => spy.mockRestore());
      }
      expect(answered.status).toBe('revoked');
      expect(answered.token_revocation).toMatchObject({ status: 'pending', done_at: null });
      await worker().deliverDue(new Date(Date.now() + 3_600_000), [consent.id]);
      expect((await goBank.get(consent.id))!.token_revocation).toMatchObject({ status: 'done' });
      expect(await introspect(tokens.access_token)).toEqual({ active: false });
    });

    it('a revocation left pending by a process that stopped is delivered by the next one (restart)', async () => {
      const consent = await goBank.create(newConsent());
      const tokens = await tokensUnder(consent.id);
      expect(await introspect(tokens.access_token)).toMatchObject({ active: true, consent_id: consent.id });
      await h.stopAuthServer();
      try {
        const pending = await h.consentAdmin.apps.admin!.get(ConsentsService).revoke('gobank', consent.id, 'staff');
        expect(pending.token_revocation).toMatchObject({ status: 'pending', attempts: 1 });
        await h.restartConsentAdmin();
      } finally {
        await h.startAuthServer();
      }
      // The new process's poller delivers it once due; the test steps past the backoff itself.
      await worker().deliverDue(new Date(Date.now() + 3_600_000), [consent.id]);
      expect((await goBank.get(consent.id))!.token_revocation).toMatchObject({ status: 'done', attempts: 2 });
      expect(await introspect(tokens.access_token)).toEqual({ active: false });
    });

    it('revoking every consent of a TPP revokes each and queues one delivery per consent', async () => {
      const other = await createClient(h.asApp, {
        client_name: 'Other TPP',
        grant_types: ['authorization_code'],
        redirect_uris: [REDIRECT_URI],
        scope: 'openid accounts offline_access',
      });
      const mine = [await goBank.create(newConsent()), await goBank.create(newConsent())];
      const untouched = await goBank.create(newConsent({ client_id: other.clientId, client_name: 'Other TPP' }));
      const tokens = await tokensUnder(mine[0]!.id);
      const before = await goBank.list({ client_id: tpp.clientId, status: 'authorized', limit: 100 });
      const result = await goBank.revokeAllOfClient(tpp.clientId);
      expect(result.client_id).toBe(tpp.clientId);
      expect(result.revoked_consent_ids.sort()).toEqual(before.consents.map((c) => c.id).sort());
      expect(result.revoked_consent_ids).toEqual(expect.arrayContaining(mine.map((c) => c.id)));
      await worker().idle();
      await worker().deliverDue(new Date(Date.now() + 3_600_000));
      for (const c of mine) {
        expect(await goBank.get(c.id)).toMatchObject({ status: 'revoked', token_revocation: { status: 'done' } });
      }
      expect((await goBank.get(untouched.id))!.status).toBe('authorized');
      expect(await introspect(tokens.access_token)).toEqual({ active: false });
      expect((await goBank.revokeAllOfClient(tpp.clientId)).revoked_consent_ids).toEqual([]);
    });
  });
});

function newConsentWithout(member: string): Record<string, unknown> {
  return { [member]: undefined };
}
