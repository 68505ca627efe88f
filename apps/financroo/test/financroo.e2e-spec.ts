import { tokenRevocation } from 'openid-client';
import { DataSource } from 'typeorm';
import type { TestApp } from '../../../test/support/test-app';
import { dropSchema, uniqueSchema } from '../../../test/support/test-database';
import type { FinancrooEnv } from '../src/config/financroo.env';
import { SecretBox } from '../src/crypto/secret-box';
import { BankRegistrar } from '../src/registration/bank-registrar.service';
import { ENCRYPTION_KEY, startFinancrooHarness, TestBrowser, type FinancrooHarness } from './financroo-harness';
import { testBankBehaviour } from './test-bank';

jest.setTimeout(60_000);

interface ConnectionRow {
  id: string;
  bank_id: string;
  user_id: string;
  client_id: string;
  access_token: string;
  refresh_token: string;
  account_ids: string[];
  status: string;
}

// Issue 11: Financroo against the real authorization server (HTTPS and mutual TLS on loopback) and the banks'
// real CDR controller: DCR at start, sign-in, connect → consent → JARM callback → stored connection, dashboard.
describe('Financroo e2e', () => {
  let h: FinancrooHarness;
  let financroo: TestApp<FinancrooEnv>;
  const secrets = new SecretBox(Buffer.from(ENCRYPTION_KEY, 'hex'));
  const db = () => financroo.apps.web!.get(DataSource);
  const connections = (): Promise<ConnectionRow[]> => db().query('SELECT * FROM bank_connection ORDER BY created_at');
  const browser = () => new TestBrowser(() => financroo, h);

  beforeAll(async () => {
    h = await startFinancrooHarness();
    financroo = await h.startFinancroo();
  });
  afterAll(async () => {
    await financroo?.close();
    await h?.close();
  });

  it('registers at both banks by DCR at start: private_key_jwt + DPoP at Go Bank, tls_client_auth + mTLS at Hyperscale', async () => {
    const rows: Array<Record<string, string | null>> = await db().query(
      'SELECT * FROM bank_registration ORDER BY bank_id',
    );
    expect(rows.map((r) => [r.bank_id, r.authentication])).toEqual([
      ['gobank', 'private_key_jwt'],
      ['hyperscalebank', 'tls_client_auth'],
    ]);
    const clients: Array<{ client_id: string; metadata: Record<string, unknown> }> = await h.as.apps
      .api!.get(DataSource)
      .query('SELECT client_id, metadata FROM client WHERE client_id = ANY($1)', [rows.map((r) => r.client_id)]);
    const registered = (clientId: string) => clients.find((c) => c.client_id === clientId)!.metadata;
    expect(registered(rows[0]!.client_id!)).toMatchObject({
      token_endpoint_auth_method: 'private_key_jwt',
      dpop_bound_access_tokens: true,
      require_signed_request_object: true,
      authorization_details_types: ['account_information'],
      redirect_uris: [`https://localhost:${h.financrooPort}/callback`],
    });
    expect(registered(rows[1]!.client_id!)).toMatchObject({
      token_endpoint_auth_method: 'tls_client_auth',
      tls_client_auth_subject_dn: 'CN=financroo,OU=TPP,O=Financroo,C=GB',
      tls_client_certificate_bound_access_tokens: true,
    });
    // Keys and the registration access token are only stored encrypted.
    for (const row of rows) {
      expect(row.signing_key).toMatch(/^v1\./);
      expect(row.registration_access_token).toMatch(/^v1\./);
      expect(JSON.parse(secrets.open(row.signing_key!, `signing_key:${row.bank_id}`))).toMatchObject({
        kty: 'RSA',
        alg: 'PS256',
      });
    }
    expect(rows.map((r) => r.dpop_key === null)).toEqual([false, true]);
  });

  it('sign-in: wrong password is refused on the page; test / p@ssword! gets a new Secure HttpOnly session', async () => {
    const b = browser();
    const page = await b.get('/login');
    expect(page.text).toContain('id="login-button"');
    // Anyone can open the sign-in page: its session lives 10 minutes; the signed-in one 8 hours.
    expect(String(page.headers['set-cookie'])).toContain('; Max-Age=600;');
    const wrong = await b.post('/login', { _csrf: TestBrowser.csrf(page.text), username: 'test', password: 'nope' });
    expect([wrong.status, wrong.text.includes('Invalid login or password')]).toEqual([401, true]);
    const ok = await b.post('/login', { _csrf: TestBrowser.csrf(wrong.text), username: 'test', password: 'p@ssword!' });
    expect([ok.status, ok.headers.location]).toEqual([303, '/']);
    expect(String(ok.headers['set-cookie'])).toMatch(
      /^__Host-financroo=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=28800; HttpOnly; Secure; SameSite=Lax$/,
    );
    const welcome = await b.get('/');
    expect(welcome.text).toContain('<h1 id="financroo-welcome-title">Welcome to Financroo Smart Banking</h1>');
  });

  it("connects Go Bank: PAR + JAR, consent, JARM callback, tokens sealed, the consent's accounts on the dashboard", async () => {
    const b = browser();
    await b.signIn();
    const authorize = await b.allow('gobank');
    expect(authorize.origin + authorize.pathname).toBe(`${h.asPublicBase}/obgeneric/gobank/oauth2/authorize`);
    expect([...authorize.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    const callback = await b.consentAtBank(authorize, 'confirm');
    expect(callback).toMatch(/^\/callback\?response=/);
    const done = await b.get(callback);
    expect([done.status, done.headers.location]).toEqual([303, '/?connected=gobank']);
    const [row] = await connections();
    expect(row).toMatchObject({ bank_id: 'gobank', user_id: 'test', status: 'active' });
    expect(row!.account_ids.sort()).toEqual(['1000001', '1000002', '96534987']);
    const access = secrets.open(row!.access_token, 'access_token:gobank:test');
    expect(row!.access_token).not.toContain(access);
    expect(await h.introspect('gobank', access)).toMatchObject({
      active: true,
      client_id: row!.client_id,
      token_type: 'DPoP',
    });
    const dashboard = await b.get('/');
    expect(dashboard.text).toContain('3 accounts synced');
    for (const id of ['1000001', '1000002', '96534987']) expect(dashboard.text).toContain(`id="account-id-${id}"`);
    expect(dashboard.text).not.toContain(access);
  });

  /** The signed-in browser of the tests below, with Go Bank connected by the test above. */
  let user: TestBrowser;
  const sumOf = (text: string, pattern: RegExp) =>
    [...text.matchAll(pattern)].reduce((total, m) => total + Math.round(Number(m[1]) * 100), 0);

  it('connects Hyperscale Bank over mutual TLS as well: both banks, six accounts, the total equal to their sum', async () => {
    user = browser();
    await user.signIn();
    // One connection per user: the earlier test's Go Bank connection is this user's too.
    const callback = await user.consentAtBank(await user.allow('hyperscalebank'), 'confirm');
    expect((await user.get(callback)).headers.location).toBe('/?connected=hyperscalebank');
    const rows = await connections();
    expect(rows.map((r) => r.bank_id)).toEqual(['gobank', 'hyperscalebank']);
    const access = secrets.open(rows[1]!.access_token, 'access_token:hyperscalebank:test');
    expect(await h.introspect('hyperscalebank', access)).toMatchObject({
      active: true,
      token_type: 'Bearer',
      cnf: { 'x5t#S256': h.pki.clients.financroo!.fingerprintSha256 },
    });
    const page = (await user.get('/')).text;
    expect(page.match(/id="accounts-synced-number">3 accounts synced/g)).toHaveLength(2);
    for (const id of ['1000001', '1000002', '96534987', '2000002', '2000011', '95120321'])
      expect(page).toContain(`id="account-id-${id}"`);
    const total = /id="total-balance"><span class="amount" data-amount="([-\d.]+)"/.exec(page)![1];
    const shown = sumOf(page, /<li class="account-row"[^]*?data-amount="([-\d.]+)"/g);
    expect(total).toBe('12030.36');
    expect(Math.round(Number(total) * 100)).toBe(shown);
    expect(page).toContain('Total balance');
    expect(page).toContain('id="connect-bank"');
  });

  it('insights: spending by month and by category as charts, the transactions table with account and text filters and pages', async () => {
    const all = await user.get('/insights');
    // Chart.js, served by the app itself (no CDN), draws over the server's SVG charts from a JSON data block.
    expect(all.text).toContain('<script src="/assets/chart.umd.min.js" defer></script>');
    const data = JSON.parse(/<script type="application\/json" id="chart-data">([^<]*)<\/script>/.exec(all.text)![1]!);
    expect(data.charts.map((c: { id: string }) => c.id)).toEqual(['spending-by-month', 'spending-by-category']);
    expect(data.charts[1].labels).toContain('Groceries');
    const chartJs = await user.get('/assets/chart.umd.min.js');
    expect([chartJs.status, chartJs.text.includes('Chart')]).toEqual([200, true]);
    expect((await user.get('/assets/insights.js')).text).toContain("getElementById('chart-data')");
    expect(all.status).toBe(200);
    expect(all.text).toContain('<svg id="spending-by-month"');
    expect(all.text).toContain('<svg id="spending-by-category"');
    const count = Number(/id="transactions-count">(\d+) transactions/.exec(all.text)![1]);
    expect(count).toBeGreaterThan(0);
    expect(all.headers['content-security-policy']).toContain("script-src 'self'");
    const one = await user.get('/insights?account=gobank:96534987');
    const rows = [...one.text.matchAll(/<td data-label="Account information">([^<]+)<\/td>/g)].map((m) => m[1]);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows)).toEqual(new Set(['Go Bank · Checkings Account']));
    const description = /<span class="muted">([^<]+)<\/span><\/td>/.exec(one.text)?.[1] ?? 'groceries';
    const found = await user.get(`/insights?text=${encodeURIComponent(description)}`);
    const payees = [...found.text.matchAll(/<td data-label="Payee">([^]*?)<\/td>/g)].map((m) => m[1]!.toLowerCase());
    expect(payees.length).toBeGreaterThan(0);
    for (const payee of payees) expect(payee).toContain(description.toLowerCase());
    expect(Number(/id="transactions-count">(\d+) transactions?/.exec(found.text)![1])).toBeLessThan(count);
    // 20 to a page: a next link exactly when there is more.
    expect(all.text.includes('rel="next"')).toBe(count > 20);
    if (count > 20) expect((await user.get('/insights?page=2')).text).toContain('Page 2 of');
  });

  it('refreshes the access token before it expires (RFC 6749 §6), the rotated refresh token kept sealed', async () => {
    const [before] = await connections();
    await db().query(`UPDATE bank_connection SET access_token_expires_at = now() - interval '1 minute' WHERE id = $1`, [
      before!.id,
    ]);
    expect((await user.get('/')).text).toContain('id="account-id-1000001"');
    const [after] = await connections();
    expect(after!.access_token).not.toBe(before!.access_token);
    const access = secrets.open(after!.access_token, 'access_token:gobank:test');
    expect(await h.introspect('gobank', access)).toMatchObject({ active: true });
  });

  it("forms without the session's CSRF token are refused (403), and nothing changes", async () => {
    for (const [path, form] of [
      ['/connect', { bank: 'gobank' }],
      ['/banks/gobank/disconnect', {}],
      ['/logout', {}],
    ] as const) {
      const res = await user.post(path, { ...form, _csrf: 'x'.repeat(43) });
      expect([path, res.status]).toEqual([path, 403]);
    }
    expect((await connections()).length).toBe(2);
  });

  it('a read the bank refuses as not consented (403 insufficient_scope) is an error on the card, not the end of the connection', async () => {
    testBankBehaviour.insufficientScope = true;
    try {
      const page = (await user.get('/')).text;
      expect(page).toMatch(/data-bank="gobank" data-state="error"/);
      expect(page).toContain('refused the request (insufficient_scope)');
      expect(page).not.toContain('data-state="reconnect"');
    } finally {
      testBankBehaviour.insufficientScope = false;
    }
    expect((await connections()).map((r) => r.status)).toEqual(['active', 'active']);
    expect((await user.get('/')).text).toContain('id="account-id-1000001"');
  });

  it('a grant revoked at the bank (the bank answers 401) turns its card to "reconnect"; reconnecting makes a new connection', async () => {
    const [gobank] = await connections();
    const access = secrets.open(gobank!.access_token, 'access_token:gobank:test');
    // The grant ends at the bank's server (as when the customer revokes it): the access token is revoked there.
    const { config } = await financroo.apps.web!.get(BankRegistrar).client('gobank');
    await tokenRevocation(config, access, { token_type_hint: 'access_token' });
    expect(await h.introspect('gobank', access)).toEqual({ active: false });
    const page = (await user.get('/')).text;
    expect(page).toMatch(/data-bank="gobank" data-state="reconnect"/);
    expect(page).toContain('>reconnect</button>');
    // Or remove it for good: the grant has ended at the bank, so nothing is revoked and the card goes.
    expect(page).toContain('id="remove-bank-button-gobank">remove</button>');
    expect(page).not.toContain('id="account-id-1000001"');
    expect(page).toContain('id="account-id-2000002"');
    const csrf = TestBrowser.csrf(page);
    const removed = await user.post('/banks/gobank/disconnect', { _csrf: csrf });
    expect(removed.status).toBe(303);
    expect((await connections()).map((r) => r.bank_id)).toEqual(['hyperscalebank']);
    expect((await user.get('/')).text).not.toContain('data-bank="gobank"');
    const again = await user.post('/connect', { _csrf: csrf, bank: 'gobank' });
    expect(again.status).toBe(303);
    const callback = await user.consentAtBank(new URL(again.headers.location as string), 'confirm');
    await user.get(callback);
    const rows = await connections();
    expect(rows.map((r) => [r.bank_id, r.status]).sort()).toEqual([
      ['gobank', 'active'],
      ['hyperscalebank', 'active'],
    ]);
    expect((await user.get('/')).text).toContain('id="account-id-1000001"');
  });

  it('a bank whose server is down: each card says why (never a blank page); all is well when it is back', async () => {
    const gobank = (await connections()).find((r) => r.bank_id === 'gobank')!;
    await db().query(`UPDATE bank_connection SET access_token_expires_at = now() - interval '1 minute' WHERE id = $1`, [
      gobank.id,
    ]);
    await h.stopAuthServer();
    try {
      const page = await user.get('/');
      expect(page.status).toBe(200);
      // Go Bank's token needs a refresh, and its authorization server does not answer.
      expect(page.text).toMatch(/data-bank="gobank" data-state="error"/);
      expect(page.text).toContain(
        'Go Bank could not renew the access: the server is not reachable (connection refused)',
      );
      // Hyperscale Bank's data API fails (it cannot check the token either): its own answer, named.
      expect(page.text).toContain('Hyperscale Bank answered HTTP 500');
      expect(page.text).toContain('id="connect-bank"');
    } finally {
      await h.startAuthServer();
    }
    const again = (await user.get('/')).text;
    for (const id of ['1000001', '2000002']) expect(again).toContain(`id="account-id-${id}"`);
  });

  it("a bank's data API that is down: its card says the bank is not reachable (never a blank page); the other bank's stay", async () => {
    await h.goBank.stop();
    try {
      const page = await user.get('/');
      expect(page.status).toBe(200);
      expect(page.text).toMatch(/data-bank="gobank" data-state="error"/);
      expect(page.text).toContain('Go Bank is not reachable: the server is not reachable (connection refused)');
      expect(page.text).not.toContain('id="account-id-1000001"');
      expect(page.text).toContain('id="account-id-2000002"');
      const insights = await user.get('/insights');
      expect(insights.status).toBe(200);
      expect(insights.text).toContain('Go Bank: Go Bank is not reachable: the server is not reachable');
    } finally {
      await h.goBank.start();
    }
    // Not the consent's fault: the connection stays, and the accounts are back once the bank answers.
    expect((await connections()).map((r) => r.status)).toEqual(['active', 'active']);
    expect((await user.get('/')).text).toContain('id="account-id-1000001"');
  });

  it("a bank's data API that answers nonsense: its card says the response was invalid and what was wrong", async () => {
    const answers: Array<[contentType: string, body: string, shown: string]> = [
      ['text/html', '<html><body>Down for maintenance</body></html>', 'Go Bank sent an invalid response (not JSON)'],
      [
        'application/json',
        JSON.stringify({ data: { accounts: 'none' }, links: { self: '/' }, meta: { totalRecords: 0, totalPages: 1 } }),
        'Go Bank sent an invalid response (data.accounts is not an array)',
      ],
    ];
    try {
      for (const [contentType, body, shown] of answers) {
        await h.goBank.start((_req, res) => {
          res.writeHead(200, { 'content-type': contentType });
          res.end(body);
        });
        const page = await user.get('/');
        expect(page.status).toBe(200);
        expect(page.text).toMatch(/data-bank="gobank" data-state="error"/);
        expect(page.text).toContain(shown);
        expect(page.text).not.toContain(body);
        expect(page.text).toContain('id="account-id-2000002"');
      }
    } finally {
      await h.goBank.start();
    }
    expect((await connections()).map((r) => r.status)).toEqual(['active', 'active']);
    expect((await user.get('/')).text).toContain('id="account-id-1000001"');
  });

  it('a JARM response that does not verify (AUTHZ-17) is refused with the reason; nothing is stored', async () => {
    const b = browser();
    await b.signIn();
    const before = (await connections()).map((r) => r.access_token);
    const callback = await b.consentAtBank(await b.allow('hyperscalebank'), 'confirm');
    const tampered = callback.slice(0, -2) + (callback.endsWith('AA') ? 'BB' : 'AA');
    const res = await b.get(tampered);
    expect(res.status).toBe(502);
    expect(res.text).toContain('The answer from Hyperscale Bank could not be used');
    expect((await connections()).map((r) => r.access_token)).toEqual(before);
  });

  it("an answer that is not the bank's (another server's JARM response, a plain query) is refused with the reason", async () => {
    const b = browser();
    await b.signIn();
    const before = (await connections()).map((r) => r.access_token);
    // A mix-up: Hyperscale Bank's signed answer (its iss, its key) comes back while Financroo waits for Go Bank.
    const foreign = await b.consentAtBank(await b.allow('hyperscalebank'), 'confirm');
    await b.allow('gobank');
    const mixedUp = await b.get(foreign);
    expect(mixedUp.status).toBe(502);
    expect(mixedUp.text).toContain('id="connect-error"');
    expect(mixedUp.text).toMatch(/The answer from Go Bank could not be used: [^<]{8,}\./);
    // A response without JARM (code and state in the query) is not an answer Financroo takes either.
    const authorize = await b.allow('gobank');
    const plain = await b.get(`/callback?code=forged&state=forged&iss=${encodeURIComponent(authorize.origin)}`);
    expect(plain.status).toBe(502);
    expect(plain.text).toMatch(/The answer from Go Bank could not be used: [^<]{8,}\./);
    expect((await connections()).map((r) => r.access_token)).toEqual(before);
  });

  it('a consent cancelled at the bank: the page says the bank "rejected" the request; no connection is stored', async () => {
    const b = browser();
    await b.signIn();
    const before = await connections();
    await db().query(`DELETE FROM bank_connection WHERE bank_id = 'hyperscalebank'`);
    const callback = await b.consentAtBank(await b.allow('hyperscalebank'), 'deny');
    const res = await b.get(callback);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Hyperscale Bank rejected the request (access_denied: The user rejected the request).');
    expect((await connections()).map((r) => r.bank_id)).toEqual(['gobank']);
    expect(before.length).toBe(2);
    // The answer is used up: the same callback again is no connection either.
    expect((await b.get(callback)).text).toContain('No connection in progress');
  });

  it('disconnect revokes the refresh token at the bank (RFC 7009, REVOKE-01) and forgets the connection', async () => {
    const [gobank] = await connections();
    const refresh = secrets.open(gobank!.refresh_token, 'refresh_token:gobank:test');
    expect(await h.introspect('gobank', refresh)).toMatchObject({ active: true });
    const page = (await user.get('/')).text;
    const res = await user.post('/banks/gobank/disconnect', { _csrf: TestBrowser.csrf(page) });
    expect([res.status, res.headers.location]).toEqual([303, '/']);
    expect(await h.introspect('gobank', refresh)).toEqual({ active: false });
    expect(await connections()).toEqual([]);
    expect((await user.get('/')).text).toContain('id="financroo-welcome-title"');
  });

  it("Allow access while the bank's authorization server is down: a page with the reason (never a blank page)", async () => {
    const dialog = await user.get('/connect');
    await h.stopAuthServer();
    try {
      const res = await user.post('/connect', { _csrf: TestBrowser.csrf(dialog.text), bank: 'gobank' });
      expect(res.status).toBe(502);
      expect(res.text).toContain('id="connect-error"');
      expect(res.text).toContain(
        'Go Bank did not accept the connection request: the server is not reachable (connection refused)',
      );
    } finally {
      await h.startAuthServer();
    }
    expect(await connections()).toEqual([]);
  });

  it('sign out ends the session: the pages ask to sign in again', async () => {
    const page = (await user.get('/')).text;
    const out = await user.post('/logout', { _csrf: TestBrowser.csrf(page) });
    expect([out.status, out.headers.location]).toEqual([303, '/login']);
    expect((await user.get('/')).headers.location).toBe('/login');
  });

  it('a restart reuses the registrations; changed metadata is an RFC 7592 update (REG-12) of the same client', async () => {
    const schema = financroo.config.database.schema;
    const before: Array<{ bank_id: string; client_id: string; updated_at: Date }> = await db().query(
      'SELECT bank_id, client_id, updated_at FROM bank_registration ORDER BY bank_id',
    );
    const again = await h.startFinancroo({}, { schema });
    try {
      const same: typeof before = await again.apps
        .web!.get(DataSource)
        .query('SELECT bank_id, client_id, updated_at FROM bank_registration ORDER BY bank_id');
      expect(same.map((r) => r.client_id)).toEqual(before.map((r) => r.client_id));
    } finally {
      await again.close();
    }
    const moved = await h.startFinancroo({ FINANCROO_PORT: String(h.financrooPort + 1) }, { schema });
    try {
      const after: typeof before = await moved.apps
        .web!.get(DataSource)
        .query('SELECT bank_id, client_id, updated_at FROM bank_registration ORDER BY bank_id');
      expect(after.map((r) => r.client_id)).toEqual(before.map((r) => r.client_id));
      const clients: Array<{ metadata: { redirect_uris: string[] } }> = await h.as.apps
        .api!.get(DataSource)
        .query('SELECT metadata FROM client WHERE client_id = ANY($1)', [before.map((r) => r.client_id)]);
      expect(clients.map((c) => c.metadata.redirect_uris)).toEqual([
        [`https://localhost:${h.financrooPort + 1}/callback`],
        [`https://localhost:${h.financrooPort + 1}/callback`],
      ]);
    } finally {
      await moved.close();
      // Back to this instance's redirect URI (another update), for the tests after this one.
      await (await h.startFinancroo({}, { schema })).close();
    }
  });

  it('registrations sealed with another key (the key changed or was lost) are made again, not a dead end', async () => {
    const schema = uniqueSchema('financroo_rekey');
    const first = await h.startFinancroo({}, { schema });
    const before: Array<{ client_id: string }> = await first.apps
      .web!.get(DataSource)
      .query('SELECT client_id FROM bank_registration ORDER BY bank_id');
    await first.close();
    const rekeyed = await h.startFinancroo({ FINANCROO_ENCRYPTION_KEY: 'b'.repeat(64) }, { schema });
    try {
      const after: Array<{ client_id: string }> = await rekeyed.apps
        .web!.get(DataSource)
        .query('SELECT client_id FROM bank_registration ORDER BY bank_id');
      expect(after).toHaveLength(2);
      for (let i = 0; i < 2; i++) expect(after[i]!.client_id).not.toBe(before[i]!.client_id);
      expect(rekeyed.apps.web!.get(BankRegistrar).status('gobank')).toEqual({ state: 'ready' });
    } finally {
      await rekeyed.close();
      await dropSchema(schema);
    }
  });

  it('a bank whose server is down at start is shown unavailable, and registered when it answers again', async () => {
    await h.stopAuthServer();
    let fresh: TestApp<FinancrooEnv> | undefined;
    try {
      fresh = await h.startFinancroo();
      const b = new TestBrowser(() => fresh!, h);
      await b.signIn();
      const dialog = await b.get('/connect');
      expect(dialog.text).toMatch(/Unavailable right now: the server is not reachable/);
      expect(await fresh.apps.web!.get(DataSource).query('SELECT * FROM bank_registration')).toEqual([]);
      const refused = await b.post('/connect', { _csrf: TestBrowser.csrf(dialog.text), bank: 'gobank' });
      expect([refused.status, refused.text.includes('Go Bank is unavailable right now')]).toEqual([502, true]);
      await h.startAuthServer();
      const res = await b.post('/connect', { _csrf: TestBrowser.csrf(dialog.text), bank: 'gobank' });
      expect(res.status).toBe(303);
      expect(String(res.headers.location)).toContain(`${h.asPublicBase}/obgeneric/gobank/oauth2/authorize`);
      const rows: unknown[] = await fresh.apps
        .web!.get(DataSource)
        .query("SELECT * FROM bank_registration WHERE bank_id = 'gobank'");
      expect(rows).toHaveLength(1);
    } finally {
      await h.startAuthServer().catch(() => undefined);
      await fresh?.close();
    }
  });

  it('a client the server forgot (RFC 7592 DELETE, a reset server) is registered again when it refuses the client', async () => {
    const [old] = (await db().query(
      "SELECT client_id, registration_client_uri, registration_access_token FROM bank_registration WHERE bank_id = 'gobank'",
    )) as Array<{ client_id: string; registration_client_uri: string; registration_access_token: string }>;
    const rat = secrets.open(old!.registration_access_token, 'registration_access_token:gobank');
    const deleted = await h.asRequest(old!.registration_client_uri, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${rat}` },
    });
    expect(deleted.status).toBe(204);
    const b = browser();
    await b.signIn();
    const authorize = await b.allow('gobank');
    const [now] = (await db().query("SELECT client_id FROM bank_registration WHERE bank_id = 'gobank'")) as Array<{
      client_id: string;
    }>;
    expect(now!.client_id).not.toBe(old!.client_id);
    expect(authorize.searchParams.get('client_id')).toBe(now!.client_id);
    const callback = await b.consentAtBank(authorize, 'confirm');
    expect((await b.get(callback)).headers.location).toBe('/?connected=gobank');
  });
});
