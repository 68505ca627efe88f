import { createHash, randomUUID } from 'node:crypto';
import { subjectDnOf } from '@ofs/pki';
import * as oauth from 'oauth4webapi';
import {
  clientAssertion,
  createClient,
  dpopKey,
  dpopProof,
  type DpopKey,
  type TestClient,
} from '../../auth-server/test/client-fixtures';
import { HttpsBrowser, startBank, type BankHarness, type BankName, type HttpsAnswer } from './bank-harness';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const REDIRECT_URI = 'https://tpp.example/cb';
const ath = (token: string) => createHash('sha256').update(token).digest('base64url');

/** The contract's seed accounts of each bank (CONTRACT.md "Bank data"). */
const ACCOUNTS: Record<BankName, { savings: string; loan: string; checkings: string }> = {
  gobank: { savings: '1000001', loan: '1000002', checkings: '96534987' },
  hyperscalebank: { savings: '2000002', loan: '2000011', checkings: '95120321' },
};

const ACCOUNT_DETAILS = [
  {
    type: 'account_information',
    permissions: ['ReadAccountsBasic', 'ReadBalances', 'ReadTransactionsBasic'],
  },
];

/** A TPP authenticating with its certificate (RFC 8705 tls_client_auth): its tokens are bound to it. */
interface Certificate {
  cert: string;
  key: string;
}

interface FlowOptions {
  scope?: string;
  details?: unknown[];
  /** Certificate-bound instead of DPoP-bound: PAR and token on the mutual-TLS aliases with this certificate. */
  mtls?: Certificate;
}

interface Flow {
  browser: HttpsBrowser;
  /** The consent page as the AS sent the browser there. */
  pageUrl: URL;
  page: HttpsAnswer;
  csrf: string;
  verifier: string;
  state: string;
  key: DpopKey;
}

/**
 * Issue 10, for one bank, over real HTTPS between the real apps: the TPP's PAR, the customer's login at the
 * authorization server, the bank's consent page driven with plain HTTP (cookies, parsed form), the token, and
 * the bank's data API honouring exactly the consent.
 */
export function describeBankE2e(bank: BankName, bankName: string): void {
  const ids = ACCOUNTS[bank];
  const all = [ids.savings, ids.loan, ids.checkings];

  describe(`${bankName}: data API and consent page with the authorization server`, () => {
    let h: BankHarness;

    // Three or four apps start here (each migrating its schema): more than a single app's start on a busy machine.
    beforeAll(async () => {
      h = await startBank(bank);
    }, 60_000);
    afterAll(() => h?.close());

    const tpp = (scope = 'openid accounts offline_access') =>
      createClient(
        h.asApp,
        {
          client_name: 'Financroo TPP',
          grant_types: ['authorization_code', 'refresh_token'],
          redirect_uris: [REDIRECT_URI],
          scope,
        },
        bank,
      );

    /** RFC 9449 §8: once more with the server's nonce when it asks for one. */
    async function withNonce(send: (nonce?: string) => Promise<HttpsAnswer>): Promise<HttpsAnswer> {
      const first = await send();
      return first.body.error === 'use_dpop_nonce' ? send(first.headers['dpop-nonce'] as string) : first;
    }

    async function tokenEndpoint(client: TestClient, key: DpopKey, form: Record<string, string>, mtls?: Certificate) {
      if (mtls)
        return h.request({
          url: `${h.asMtlsBase}/obgeneric/${bank}/oauth2/token`,
          form: { ...form, client_id: client.clientId },
          certificate: mtls,
        });
      const url = `${h.issuer}/oauth2/token`;
      return withNonce(async (nonce) =>
        h.request({
          url,
          form: {
            ...form,
            client_assertion_type: JWT_BEARER,
            client_assertion: await clientAssertion(client, h.issuer),
          },
          headers: { DPoP: await dpopProof(key, 'POST', url, nonce ? { nonce } : {}) },
        }),
      );
    }

    /** PAR, authorize, login: the browser lands on the bank's consent page. */
    async function toConsentPage(client: TestClient, options: FlowOptions = {}): Promise<Flow> {
      const key = await dpopKey();
      const verifier = oauth.generateRandomCodeVerifier();
      const state = oauth.generateRandomState();
      const parUrl = options.mtls ? `${h.asMtlsBase}/obgeneric/${bank}/par` : `${h.issuer}/par`;
      const authentication = async (): Promise<Record<string, string>> =>
        options.mtls
          ? { client_id: client.clientId }
          : { client_assertion_type: JWT_BEARER, client_assertion: await clientAssertion(client, h.issuer) };
      const par = await withNonce(async (nonce) =>
        h.request({
          url: parUrl,
          headers: options.mtls ? {} : { DPoP: await dpopProof(key, 'POST', parUrl, nonce ? { nonce } : {}) },
          certificate: options.mtls,
          form: {
            ...(await authentication()),
            response_type: 'code',
            redirect_uri: REDIRECT_URI,
            scope: options.scope ?? 'openid accounts offline_access',
            state,
            code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
            code_challenge_method: 'S256',
            ...(options.details ? { authorization_details: JSON.stringify(options.details) } : {}),
          },
        }),
      );
      expect(par.status).toBe(201);
      const browser = new HttpsBrowser(h.pki.ca);
      const authorize = await browser.get(
        `${h.issuer}/oauth2/authorize?client_id=${client.clientId}&request_uri=${encodeURIComponent(par.body.request_uri as string)}`,
      );
      const loginUrl = new URL(authorize.headers.location as string, h.asBase).href;
      const login = await browser.post(loginUrl, { username: 'user', password: 'p@ssword!' });
      expect(login.status).toBe(303);
      const pageUrl = new URL(login.headers.location as string);
      expect(pageUrl.origin).toBe(h.consentPageBase);
      const page = await browser.get(pageUrl.href);
      expect(page.status).toBe(200);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
      expect(csrf).toBeDefined();
      return { browser, pageUrl, page, csrf: csrf!, verifier, state, key };
    }

    /** The form as a browser sends it: the ticked boxes, the button pressed. */
    async function decide(flow: Flow, action: 'confirm' | 'deny', accounts: string[] = []): Promise<HttpsAnswer> {
      const form: Array<[string, string]> = [
        ['_csrf', flow.csrf],
        ...accounts.map((a): [string, string] => ['account_ids', a]),
        ['action', action],
      ];
      return flow.browser.post(`${h.consentPageBase}/`, form);
    }

    /** After the decision: back through the AS to the TPP's redirect URI. */
    async function callback(flow: Flow, decision: HttpsAnswer): Promise<URL> {
      expect(decision.status).toBe(303);
      let location = new URL(decision.headers.location as string);
      for (let i = 0; i < 5 && location.origin === h.asBase; i++) {
        const next = await flow.browser.get(location.href);
        expect([302, 303]).toContain(next.status);
        location = new URL(next.headers.location as string, h.asBase);
      }
      expect(location.origin + location.pathname).toBe(REDIRECT_URI);
      return location;
    }

    /** The whole journey: consent to `accounts`, then the DPoP-bound access token. */
    async function consentTo(
      client: TestClient,
      accounts: string[],
      options: FlowOptions = {},
    ): Promise<{ token: string; key: DpopKey }> {
      const flow = await toConsentPage(client, options);
      const back = await callback(flow, await decide(flow, 'confirm', accounts));
      expect(back.searchParams.get('state')).toBe(flow.state);
      const code = back.searchParams.get('code');
      expect(code).toBeTruthy();
      const tokens = await tokenEndpoint(
        client,
        flow.key,
        { grant_type: 'authorization_code', code: code!, redirect_uri: REDIRECT_URI, code_verifier: flow.verifier },
        options.mtls,
      );
      expect([tokens.status, tokens.body.token_type]).toEqual([200, options.mtls ? 'Bearer' : 'DPoP']);
      return { token: tokens.body.access_token as string, key: flow.key };
    }

    /** A data API call with the token and a fresh proof for this very request (RFC 9449 §7). */
    async function read(path: string, auth: { token: string; key: DpopKey }, proof: Record<string, unknown> = {}) {
      const url = `${h.apiBase}${path}`;
      const htu = (proof.htu as string | undefined) ?? url.split('?')[0]!;
      const key = (proof.key as DpopKey | undefined) ?? auth.key;
      return h.request({
        url,
        headers: {
          Authorization: `DPoP ${auth.token}`,
          DPoP: await dpopProof(key, 'GET', htu, { ath: ath(auth.token) }),
        },
      });
    }

    const accountIdsOf = (res: HttpsAnswer) =>
      ((res.body.data as { accounts: Array<{ accountId: string }> }).accounts ?? []).map((a) => a.accountId);

    it('shows "Account selection" for the client, in plain words, one box per account ticked by default, with its branding and CSP', async () => {
      const client = await tpp();
      const flow = await toConsentPage(client, { details: ACCOUNT_DETAILS });
      const { text, headers } = flow.page;
      // The visit's session lasts as long as the server's pending login (10 minutes).
      expect(String(headers['set-cookie'])).toContain('; Max-Age=600;');
      expect(text).toContain('<title>Account selection · ');
      expect(text).toContain('<h1>Account selection</h1>');
      expect(text).toContain('Select accounts to share with <strong>Financroo TPP</strong>');
      expect(text).toContain(`<code>${client.clientId}</code>`);
      expect(text).toContain('<dt>Returns you to</dt><dd><code>tpp.example</code></dd>'); // the verified redirect host
      expect(text).not.toContain('registered itself'); // a client stored by the test, not by RFC 7591
      expect(text).toContain('Read your balances');
      expect(text).toContain('See your transactions (dates and amounts)');
      for (const id of all)
        expect(text).toContain(
          `<input type="checkbox" id="account-id-${id}" name="account_ids" value="${id}" checked>`,
        );
      expect(text).toMatch(/<button type="submit" name="action" value="confirm">I Agree<\/button>/);
      expect(text).toMatch(/<button type="submit" name="action" value="deny" class="secondary">Cancel<\/button>/);
      expect(headers['content-security-policy']).toContain(`form-action 'self' ${h.asBase}`);
      expect(headers['cache-control']).toBe('no-store');
      const logo = await h.request({ url: `${h.consentPageBase}/assets/logo.svg` });
      expect([logo.status, logo.text]).toEqual([200, expect.stringContaining('<svg')]);
    });

    it('consenting to 1 of 3 accounts: the client reads exactly that account, its balance and its transactions; the others are 404', async () => {
      const client = await tpp();
      const auth = await consentTo(client, [ids.checkings], { details: ACCOUNT_DETAILS });
      const [stored] = await h.consentsOfClient(client.clientId);
      expect(stored).toMatchObject({
        subject: 'user',
        client_id: client.clientId,
        client_name: 'Financroo TPP',
        status: 'authorized',
        account_ids: [ids.checkings],
        granted_scopes: ['openid', 'accounts', 'offline_access'],
        authorization_details: [{ ...ACCOUNT_DETAILS[0], accounts: [ids.checkings] }],
      });

      const accounts = await read('/banking/accounts', auth);
      expect([accounts.status, accountIdsOf(accounts), accounts.body.meta]).toEqual([
        200,
        [ids.checkings],
        { totalRecords: 1, totalPages: 1 },
      ]);
      expect((await read(`/banking/accounts/${ids.checkings}`, auth)).status).toBe(200);
      const balance = await read(`/banking/accounts/${ids.checkings}/balance`, auth);
      expect([balance.status, (balance.body.data as { accountId: string }).accountId]).toEqual([200, ids.checkings]);
      const balances = await read('/banking/accounts/balances', auth);
      expect(
        (balances.body.data as { balances: Array<{ accountId: string }> }).balances.map((b) => b.accountId),
      ).toEqual([ids.checkings]);
      const transactions = await read(`/banking/accounts/${ids.checkings}/transactions`, auth);
      expect(transactions.status).toBe(200);
      const list = (transactions.body.data as { transactions: Array<{ accountId: string }> }).transactions;
      expect(list.length).toBeGreaterThan(0);
      expect(new Set(list.map((t) => t.accountId))).toEqual(new Set([ids.checkings]));
      for (const other of [ids.savings, ids.loan]) {
        for (const path of [
          `/banking/accounts/${other}`,
          `/banking/accounts/${other}/balance`,
          `/banking/accounts/${other}/transactions`,
        ]) {
          const res = await read(path, auth);
          expect([path, res.status, (res.body.errors as Array<{ code: string }>)[0]!.code]).toEqual([
            path,
            404,
            'urn:au-cds:error:cds-banking:Authorisation/InvalidBankingAccount',
          ]);
        }
      }
    });

    it('consenting to no account: the account list is empty', async () => {
      const client = await tpp();
      const auth = await consentTo(client, []);
      const accounts = await read('/banking/accounts', auth);
      expect([accounts.status, accountIdsOf(accounts), accounts.body.meta]).toEqual([
        200,
        [],
        { totalRecords: 0, totalPages: 0 },
      ]);
      // W3C Server Timing: where the read's time went, in this order.
      expect(accounts.headers['server-timing']).toMatch(
        /^introspection;dur=\d+\.\d, proof;dur=\d+\.\d, consent;dur=\d+\.\d, query;dur=\d+\.\d$/,
      );
      expect((await read(`/banking/accounts/${ids.savings}/transactions`, auth)).status).toBe(404);
    });

    it('"Cancel" ends in access_denied at the client, with a rejected consent stored', async () => {
      const client = await tpp();
      const flow = await toConsentPage(client);
      const back = await callback(flow, await decide(flow, 'deny'));
      expect(back.searchParams.get('error')).toBe('access_denied');
      expect(back.searchParams.get('code')).toBeNull();
      expect(back.searchParams.get('state')).toBe(flow.state);
      const stored = await h.consentsOfClient(client.clientId);
      expect(stored.map((c) => [c.status, c.account_ids])).toEqual([['rejected', []]]);
    });

    it('after the consent is revoked, the very next call gets 401 invalid_token', async () => {
      const client = await tpp();
      const auth = await consentTo(client, [ids.savings, ids.checkings]);
      expect(accountIdsOf(await read('/banking/accounts', auth)).sort()).toEqual([ids.checkings, ids.savings].sort());
      const [consent] = await h.consentsOfClient(client.clientId);
      await h.consents.revoke(consent!.id, 'user');
      const after = await read('/banking/accounts', auth);
      expect(after.status).toBe(401);
      expect(after.headers['www-authenticate']).toMatch(/^DPoP error="invalid_token"/);
      // A refusal says where its time went too.
      expect(after.headers['server-timing']).toMatch(/^introspection;dur=[\d.]+, proof;dur=[\d.]+/);
      expect((after.body.errors as Array<{ code: string }>)[0]!.code).toBe(
        'urn:au-cds:error:cds-all:Authorisation/Unauthorized',
      );
    });

    it('a token the client revoked at the authorization server (RFC 7009) is refused by the very next call: nothing is cached', async () => {
      const client = await tpp();
      const auth = await consentTo(client, [ids.savings]);
      expect((await read('/banking/accounts', auth)).status).toBe(200);
      const revoked = await h.request({
        url: `${h.issuer}/oauth2/revoke`,
        form: {
          token: auth.token,
          client_assertion_type: JWT_BEARER,
          client_assertion: await clientAssertion(client, h.issuer),
        },
      });
      expect(revoked.status).toBe(200);
      const after = await read('/banking/accounts', auth);
      expect([after.status, after.headers['www-authenticate']]).toEqual([
        401,
        expect.stringMatching(/^DPoP error="invalid_token"/),
      ]);
    });

    it('a consent without a permission for a read answers 403 insufficient_scope for it, the allowed reads 200', async () => {
      const client = await tpp();
      const auth = await consentTo(client, [ids.savings], {
        details: [{ type: 'account_information', permissions: ['ReadBalances'] }],
      });
      const accounts = await read('/banking/accounts', auth);
      expect([accounts.status, accounts.headers['www-authenticate']]).toEqual([
        403,
        expect.stringMatching(/^DPoP error="insufficient_scope"/),
      ]);
      expect((await read(`/banking/accounts/${ids.savings}/transactions`, auth)).status).toBe(403);
      const balances = await read('/banking/accounts/balances', auth);
      expect([balances.status, (balances.body.data as { balances: unknown[] }).balances.length]).toEqual([200, 1]);
    });

    it('refuses a token without a DPoP proof, with a proof by another key or for another URL, or without the accounts scope', async () => {
      const client = await tpp();
      const auth = await consentTo(client, [ids.checkings]);
      const url = `${h.apiBase}/banking/accounts`;
      const noProof = await h.request({ url, headers: { Authorization: `DPoP ${auth.token}` } });
      expect([noProof.status, noProof.headers['www-authenticate']]).toEqual([
        401,
        expect.stringMatching(/^DPoP error="invalid_(token|dpop_proof)"/),
      ]);
      const asBearer = await h.request({ url, headers: { Authorization: `Bearer ${auth.token}` } });
      expect([asBearer.status, asBearer.headers['www-authenticate']]).toEqual([
        401,
        expect.stringMatching(/error="invalid_token"/),
      ]);
      const otherKey = await read('/banking/accounts', auth, { key: await dpopKey() });
      expect([otherKey.status, otherKey.headers['www-authenticate']]).toEqual([
        401,
        expect.stringMatching(/^DPoP error="invalid_(token|dpop_proof)"/),
      ]);
      const otherUrl = await read('/banking/accounts', auth, { htu: `${h.apiBase}/banking/accounts/balances` });
      expect([otherUrl.status, otherUrl.headers['www-authenticate']]).toEqual([
        401,
        expect.stringMatching(/^DPoP error="invalid_dpop_proof"/),
      ]);
      const anonymous = await h.request({ url });
      expect([anonymous.status, anonymous.headers['www-authenticate']]).toEqual([401, expect.stringMatching(/^DPoP/)]);
      // The same token with a good proof still works: the refusals were about the proofs.
      expect((await read('/banking/accounts', auth)).status).toBe(200);

      const noAccounts = await consentTo(await tpp('openid offline_access'), [ids.checkings], {
        scope: 'openid offline_access',
      });
      const forbidden = await read('/banking/accounts', noAccounts);
      expect(forbidden.status).toBe(403);
      expect(forbidden.headers['www-authenticate']).toMatch(/^DPoP error="insufficient_scope".*scope="accounts"/);
      expect((forbidden.body.errors as Array<{ code: string }>)[0]!.code).toBe(
        'urn:au-cds:error:cds-all:Authorisation/InvalidConsent',
      );
    });

    it('a certificate-bound token is honoured only on a connection presenting its certificate (RFC 8705 §3)', async () => {
      const financroo = h.pki.clients.financroo!;
      const certified = await createClient(
        h.asApp,
        {
          client_name: 'Financroo TPP',
          grant_types: ['authorization_code'],
          redirect_uris: [REDIRECT_URI],
          scope: 'openid accounts',
          token_endpoint_auth_method: 'tls_client_auth',
          tls_client_auth_subject_dn: subjectDnOf(financroo.cert),
          tls_client_certificate_bound_access_tokens: true,
        },
        bank,
      );
      const mtls = { cert: financroo.cert, key: financroo.key };
      const { token } = await consentTo(certified, [ids.loan], { scope: 'openid accounts', mtls });
      const url = `${h.apiBase}/banking/accounts`;
      const withCert = await h.request({ url, headers: { Authorization: `Bearer ${token}` }, certificate: mtls });
      expect([withCert.status, accountIdsOf(withCert)]).toEqual([200, [ids.loan]]);
      const withoutCert = await h.request({ url, headers: { Authorization: `Bearer ${token}` } });
      expect([withoutCert.status, withoutCert.headers['www-authenticate']]).toEqual([
        401,
        expect.stringMatching(/^Bearer error="invalid_token"/),
      ]);
      const other = h.pki.clients['go-bank']!;
      const otherCert = await h.request({
        url,
        headers: { Authorization: `Bearer ${token}` },
        certificate: { cert: other.cert, key: other.key },
      });
      expect(otherCert.status).toBe(401);
    });

    it('a replayed, forged or incomplete link and a replayed or forged form show an error page, never a stack trace', async () => {
      const client = await tpp();
      const flow = await toConsentPage(client);
      const forgedCsrf = await flow.browser.post(`${h.consentPageBase}/`, [
        ['_csrf', 'x'.repeat(43)],
        ['action', 'confirm'],
      ]);
      expect([forgedCsrf.status, forgedCsrf.text]).toEqual([403, expect.stringContaining('This form has expired')]);
      await callback(flow, await decide(flow, 'confirm', [ids.savings]));
      const replayedForm = await decide(flow, 'confirm', [ids.savings]);
      expect(replayedForm.status).toBe(403);
      const replayedLink = await flow.browser.get(flow.pageUrl.href);
      expect([replayedLink.status, replayedLink.text]).toEqual([
        400,
        expect.stringContaining('This link is no longer valid'),
      ]);
      const forged = await h.request({ url: `${h.consentPageBase}/?login_id=${randomUUID()}&login_state=abc` });
      expect([forged.status, forged.text]).toEqual([400, expect.stringContaining('This link is no longer valid')]);
      const garbage = await h.request({ url: `${h.consentPageBase}/?login_id=../../etc&login_state=abc` });
      expect(garbage.status).toBe(400);
      const incomplete = await h.request({ url: `${h.consentPageBase}/` });
      expect([incomplete.status, incomplete.text]).toEqual([
        400,
        expect.stringContaining('This consent link is not complete'),
      ]);
      for (const res of [forgedCsrf, replayedForm, replayedLink, forged, garbage, incomplete]) {
        expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
      }
    });

    it('a form ticking an account that was not offered (forged) is refused with an error page, and nothing is granted', async () => {
      const client = await tpp();
      const flow = await toConsentPage(client);
      const forged = await decide(flow, 'confirm', [ids.savings, '99999999']);
      expect([forged.status, forged.text]).toEqual([400, expect.stringContaining('Choose among the accounts shown.')]);
      expect(forged.text).not.toMatch(/at \w+ \(|node_modules/);
      // The visit is over: the same form cannot be sent again, and no code reached the client.
      expect((await decide(flow, 'confirm', [ids.savings])).status).toBe(403);
    });

    it('a link with a forged login_state: the accept fails, so the stored consent does not stay authorized', async () => {
      const client = await tpp();
      const flow = await toConsentPage(client);
      const forged = new URL(flow.pageUrl);
      forged.searchParams.set('login_state', 'forged-state');
      const page = await flow.browser.get(forged.href);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
      const res = await flow.browser.post(`${h.consentPageBase}/`, [
        ['_csrf', csrf],
        ['account_ids', ids.savings],
        ['action', 'confirm'],
      ]);
      expect([res.status, res.text]).toEqual([400, expect.stringContaining('This link is no longer valid')]);
      const stored = await h.consentsOfClient(client.clientId);
      expect(stored.map((c) => c.status)).toEqual(['revoked']);
    });

    it('every data API is in Swagger with the security schemes', async () => {
      const doc = (await h.request({ url: `${h.apiBase}/docs-json` })).body as {
        paths: Record<string, Record<string, { security?: unknown[] }>>;
      };
      expect(
        Object.keys(doc.paths)
          .filter((p) => p.startsWith('/banking'))
          .sort(),
      ).toEqual([
        '/banking/accounts',
        '/banking/accounts/balances',
        '/banking/accounts/{accountId}',
        '/banking/accounts/{accountId}/balance',
        '/banking/accounts/{accountId}/transactions',
      ]);
      for (const path of Object.keys(doc.paths).filter((p) => p.startsWith('/banking')))
        expect(doc.paths[path]!.get!.security).toEqual(
          expect.arrayContaining([{ dpop: [] }, { 'certificate-bound': [] }]),
        );
    });
  });
}
