import { DataSource } from 'typeorm';
import type { TestApp } from '../../../test/support/test-app';
import type { FinancrooEnv } from '../src/config/financroo.env';
import { SecretBox } from '../src/crypto/secret-box';
import { ENCRYPTION_KEY, startFinancrooHarness, TestBrowser, type FinancrooHarness } from './financroo-harness';

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
    const rows: Array<Record<string, string>> = await db().query('SELECT * FROM bank_registration ORDER BY bank_id');
    expect(rows.map((r) => [r.bank_id, r.authentication])).toEqual([
      ['gobank', 'private_key_jwt'],
      ['hyperscalebank', 'tls_client_auth'],
    ]);
    const clients: Array<{ client_id: string; metadata: Record<string, unknown> }> = await h.as.apps
      .api!.get(DataSource)
      .query('SELECT client_id, metadata FROM client WHERE client_id = ANY($1)', [rows.map((r) => r.client_id)]);
    expect(clients).toHaveLength(2);
  });

  it('sign-in: wrong password is refused on the page; test / p@ssword! gets a new Secure HttpOnly session', async () => {
    const b = browser();
    const page = await b.get('/login');
    expect(page.text).toContain('id="login-button"');
    const wrong = await b.post('/login', { _csrf: TestBrowser.csrf(page.text), username: 'test', password: 'nope' });
    expect([wrong.status, wrong.text.includes('Invalid login or password')]).toEqual([401, true]);
    const ok = await b.post('/login', { _csrf: TestBrowser.csrf(wrong.text), username: 'test', password: 'p@ssword!' });
    expect([ok.status, ok.headers.location]).toEqual([303, '/']);
    expect(String(ok.headers['set-cookie'])).toMatch(
      /^__Host-financroo=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=\d+; HttpOnly; Secure; SameSite=Lax$/,
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
});
