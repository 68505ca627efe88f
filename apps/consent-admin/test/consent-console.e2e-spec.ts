import { randomInt } from 'node:crypto';
import type { ConsentDto } from '@ofs/consent-store';
import { TokenRevocationWorker } from '../src/token-revocation/token-revocation.worker';
import { BankFixtures, WebClient, type WebAnswer } from './consent-fixtures';
import { startConsentStorage, type ConsentStorageHarness } from './consent-storage-harness';

jest.setTimeout(60_000);

const CONSENT_PAGE = 'https://localhost:7080/consent';
const CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
/** An account id no other test uses, so a search by it finds exactly this test's consents. */
const freshAccount = () => String(randomInt(10_000_000, 99_999_999));

// Issue 9 items 3-5: the consent console (8084) and the customers' portal (8085) over real TLS, signing in through
// the authorization server's real login pages, with both banks' consents created through the real APIs.
describe('consent console and self-service portal (consent-admin) with the authorization server', () => {
  let h: ConsentStorageHarness;
  let banks: BankFixtures;

  beforeAll(async () => {
    h = await startConsentStorage({ consentPageUrl: CONSENT_PAGE });
    banks = await new BankFixtures(h).init();
  });
  afterAll(async () => {
    banks?.close();
    await h?.close();
  });

  const consoleUrl = (path: string) => `${h.consentAdminBase}${path}`;
  const portalUrl = (path: string) => `${h.consentPortalBase}${path}`;

  /** Through the AS's login page (first-party client: no consent page) back to the app's callback. */
  async function signIn(web: WebClient, start: string, username: string): Promise<WebAnswer & { url?: string }> {
    const loginPage = await web.follow(await web.get(start));
    expect(loginPage.text).toContain('id="text-field-username-input"');
    return web.follow(await web.post(loginPage.url!, { username, password: 'p@ssword!' }));
  }

  async function staff(): Promise<WebClient> {
    const web = new WebClient(h.pki.ca);
    const landed = await signIn(web, consoleUrl('/auth/login'), 'admin');
    expect([landed.status, landed.url]).toEqual([200, consoleUrl('/consents')]);
    return web;
  }

  async function customer(bank: 'gobank' | 'hyperscalebank', username = 'user'): Promise<WebClient> {
    const web = new WebClient(h.pki.ca);
    const landed = await signIn(web, portalUrl(`/auth/login?bank=${bank}`), username);
    expect([landed.status, landed.url]).toEqual([200, portalUrl('/consents')]);
    return web;
  }

  const rowOf = (page: WebAnswer, id: string) => {
    const start = page.text.indexOf(`id="consent-${id}"`);
    if (start < 0) return undefined;
    const end = page.text.indexOf('</tr>', start);
    return page.text.slice(start, end < 0 ? page.text.indexOf('</article>', start) : end);
  };

  describe('console: sign-in and sessions', () => {
    it('without a session every page redirects to sign-in, and a form post is refused (403)', async () => {
      const web = new WebClient(h.pki.ca);
      for (const path of ['/consents', '/consents/gobank/x', '/consents/gobank/x/revoke', '/tpps/gobank/c/revoke']) {
        const res = await web.get(consoleUrl(path));
        expect([res.status, res.location]).toEqual([303, consoleUrl('/sign-in')]);
      }
      const page = await web.get(consoleUrl('/sign-in'));
      expect(page.status).toBe(200);
      expect(page.headers['content-security-policy']).toBe(CSP);
      expect(page.text).toContain('href="/auth/login"');
      const refused = await web.post(consoleUrl('/consents/gobank/x/revoke'), { _csrf: 'guess' });
      expect(refused.status).toBe(403);
      expect(refused.text).toContain('This form has expired');
    });

    it('staff sign in with PAR + PKCE at the admin server and get a fresh session cookie; the API keeps problem JSON', async () => {
      const web = new WebClient(h.pki.ca);
      const start = await web.get(consoleUrl('/auth/login'));
      const authorize = new URL(start.location!);
      expect(authorize.origin + authorize.pathname).toBe(`${h.asPublicBase}/obgeneric/admin/oauth2/authorize`);
      // PAR (RFC 9126): only client_id and request_uri travel through the browser.
      expect([...authorize.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
      const anonymous = web.cookies.get('__Host-ofs-console');
      // A sign-in under way lives 10 minutes (anyone can follow the link); the signed-in session 8 hours.
      expect(String(start.headers['set-cookie'])).toContain('Max-Age=600;');
      const loginPage = await web.follow(start);
      let toCallback = await web.post(loginPage.url!, { username: 'admin', password: 'p@ssword!' });
      while (toCallback.location && !toCallback.location.startsWith(consoleUrl('/auth/callback')))
        toCallback = await web.get(toCallback.location);
      const signedIn = await web.get(toCallback.location!);
      expect(String(signedIn.headers['set-cookie'])).toContain('Max-Age=28800;');
      const landed = await web.follow(signedIn);
      expect(landed.text).toContain('Signed in as Consent Admin');
      expect(web.cookies.get('__Host-ofs-console')).not.toBe(anonymous);
      // Signed in, a link to the sign-in start does not replace the session.
      const again = await web.get(consoleUrl('/auth/login'));
      expect([again.status, again.location]).toEqual([303, consoleUrl('/consents')]);
      expect((await web.get(consoleUrl('/consents'))).status).toBe(200);
      const api = await web.get(consoleUrl('/api/consents/nope'));
      expect([api.status, api.headers['content-type']]).toEqual([401, 'application/problem+json; charset=utf-8']);
    });

    it('a replayed or forged callback is refused; the wrong password stays at the login page', async () => {
      const web = new WebClient(h.pki.ca);
      const forged = await web.get(consoleUrl('/auth/callback?code=abc&state=x&iss=x'));
      expect([forged.status, forged.text.includes('Sign-in expired')]).toEqual([400, true]);
      const loginPage = await web.follow(await web.get(consoleUrl('/auth/login')));
      const wrong = await web.post(loginPage.url!, { username: 'admin', password: 'wrong' });
      expect(wrong.text).toContain('Invalid login or password');
      // A customer is not staff: the admin server's pool has no `user`.
      const notStaff = await web.post(loginPage.url!, { username: 'user', password: 'p@ssword!' });
      expect(notStaff.text).toContain('Invalid login or password');
    });

    it('signing out needs the CSRF token, ends the session, and a restart of consent-admin logs nobody out', async () => {
      const web = await staff();
      const other = await staff();
      const page = await web.get(consoleUrl('/consents'));
      expect((await web.post(consoleUrl('/auth/sign-out'), { _csrf: 'wrong' })).status).toBe(403);
      await h.restartConsentAdmin();
      expect((await other.get(consoleUrl('/consents'))).status).toBe(200);
      const out = await web.post(consoleUrl('/auth/sign-out'), { _csrf: WebClient.csrf(page) });
      expect([out.status, out.location]).toEqual([303, consoleUrl('/sign-in?signed_out')]);
      expect((await web.get(consoleUrl('/consents'))).location).toBe(consoleUrl('/sign-in'));
      expect((await other.get(consoleUrl('/consents'))).status).toBe(200);
    });
  });

  describe('console: search, detail, revoke', () => {
    let web: WebClient;
    beforeAll(async () => {
      web = await staff();
    });

    it('finds both banks’ consents by account id, with the bank as a filter, and by client or customer', async () => {
      const account = freshAccount();
      const go = await banks.consent('gobank', { account_ids: [account, '1000001'] });
      const hs = await banks.consent('hyperscalebank', { account_ids: [account], subject: 'hs-customer' });
      const both = await web.get(consoleUrl(`/consents?account_id=${account}`));
      expect(both.status).toBe(200);
      expect(both.text).toContain('2 consents');
      const goRow = rowOf(both, go.id)!;
      expect(goRow).toContain('Go Bank');
      expect(goRow).toContain('Financroo');
      expect(goRow).toContain(banks.tpps.get('gobank')!.clientId);
      expect(goRow).toContain(`<code class="account-id">${account}</code>`);
      expect(goRow).toContain('<code class="account-id">1000001</code>');
      expect(goRow).toContain('data-status="authorized">authorized</span>');
      expect(goRow).toMatch(/<time datetime="[^"]+">/);
      expect(rowOf(both, hs.id)).toContain('Hyperscale Bank');

      const onlyHs = await web.get(consoleUrl(`/consents?bank=hyperscalebank&account_id=${account}`));
      expect([rowOf(onlyHs, go.id), rowOf(onlyHs, hs.id) !== undefined]).toEqual([undefined, true]);
      expect(onlyHs.text).toContain('<option value="hyperscalebank" selected>');
      const byCustomer = await web.get(consoleUrl(`/consents?customer=hs-customer&account_id=${account}`));
      expect([rowOf(byCustomer, go.id), rowOf(byCustomer, hs.id) !== undefined]).toEqual([undefined, true]);
      const byClient = await web.get(
        consoleUrl(`/consents?client_id=${banks.tpps.get('gobank')!.clientId}&account_id=${account}`),
      );
      expect([rowOf(byClient, go.id) !== undefined, rowOf(byClient, hs.id)]).toEqual([true, undefined]);
      const bad = await web.get(consoleUrl('/consents?account_id=96534987%20OR%201'));
      expect(bad.text).toContain('An account id is 1 to 64 letters');
    });

    it('when Hyperscale Bank’s pool cannot be reached, Go Bank’s consents are still listed and the page says what is missing', async () => {
      const account = freshAccount();
      const go = await banks.consent('gobank', { account_ids: [account] });
      await h.stopAuthServer();
      let page: WebAnswer;
      try {
        page = await web.get(consoleUrl(`/consents?account_id=${account}`));
      } finally {
        await h.startAuthServer();
      }
      expect(page.status).toBe(200);
      expect(rowOf(page, go.id)).toContain('Go Bank');
      expect(page.text).toContain('Hyperscale Bank could not be reached: its consents are missing from these results.');
      expect(page.text).not.toContain('Go Bank could not be reached');
    });

    it.each(['gobank', 'hyperscalebank'] as const)(
      'pages through one bank’s matches 50 at a time (%s); across both banks it says to pick one',
      async (bank) => {
        const account = freshAccount();
        const made = new Set<string>();
        for (let i = 0; i < 51; i++) made.add((await banks.consent(bank, { account_ids: [account] })).id);
        const first = await web.get(consoleUrl(`/consents?bank=${bank}&account_id=${account}`));
        const ids = (page: WebAnswer) =>
          [...page.text.matchAll(/<tr class="consent-row" id="consent-([^"]+)"/g)].map((m) => m[1]!);
        expect(ids(first)).toHaveLength(50);
        const next = /id="next-page" href="([^"]+)"/.exec(first.text)![1]!.replaceAll('&amp;', '&');
        const second = await web.get(consoleUrl(next));
        expect(ids(second)).toHaveLength(1);
        expect(second.text).not.toContain('id="next-page"');
        expect(new Set([...ids(first), ...ids(second)])).toEqual(made);
        const both = await web.get(consoleUrl(`/consents?account_id=${account}`));
        expect(both.text).toContain('Choose a bank to page through all of its consents.');
        const forged = await web.get(consoleUrl(`/consents?bank=${bank}&account_id=${account}&cursor=bm9wZQ`));
        expect(forged.status).toBe(400);
      },
    );

    it('escapes what TPPs and banks wrote (a client name with markup)', async () => {
      const account = freshAccount();
      await banks.consent('gobank', { account_ids: [account], client_name: '<script>alert(1)</script>' });
      const page = await web.get(consoleUrl(`/consents?account_id=${account}`));
      expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page.text).not.toContain('<script>alert(1)');
    });

    it('a detail page says what the consent allows in plain words, never JSON; unknown ids and banks are 404', async () => {
      const consent = await banks.consent('gobank', { account_ids: [freshAccount()] });
      const page = await web.get(consoleUrl(`/consents/gobank/${consent.id}`));
      expect(page.status).toBe(200);
      for (const words of [
        'Read your account information',
        'Keep access while',
        'Access to your accounts',
        'Read your balances',
      ]) {
        expect(page.text).toContain(words);
      }
      expect(page.text).not.toContain('ReadBalances');
      expect(page.text).not.toContain('{&quot;');
      expect(page.text).toContain('id="revoke"');
      expect((await web.get(consoleUrl(`/consents/hyperscalebank/${consent.id}`))).status).toBe(404);
      expect((await web.get(consoleUrl('/consents/gobank/no-such-consent'))).status).toBe(404);
      expect((await web.get(consoleUrl(`/consents/otherbank/${consent.id}`))).status).toBe(404);
    });

    it.each(['gobank', 'hyperscalebank'] as const)(
      'revoking a %s consent asks for confirmation, needs the CSRF token, and makes its tokens inactive',
      async (bank) => {
        const consent = await banks.consent(bank, { account_ids: [freshAccount()] });
        const tokens = await banks.tokensUnder(bank, consent.id);
        expect(await banks.introspect(bank, tokens.access_token)).toMatchObject({
          active: true,
          consent_id: consent.id,
        });
        const confirm = await web.get(consoleUrl(`/consents/${bank}/${consent.id}/revoke`));
        expect(confirm.text).toContain('Revoke this consent?');
        // Looking at the confirmation changes nothing.
        expect(await banks.introspect(bank, tokens.access_token)).toMatchObject({ active: true });
        const url = consoleUrl(`/consents/${bank}/${consent.id}/revoke`);
        expect((await web.post(url, {})).status).toBe(403);
        const stranger = new WebClient(h.pki.ca);
        expect((await stranger.post(url, { _csrf: WebClient.csrf(confirm) })).status).toBe(403);
        expect(await banks.introspect(bank, tokens.access_token)).toMatchObject({ active: true });

        const done = await web.post(url, { _csrf: WebClient.csrf(confirm) });
        expect([done.status, done.location]).toEqual([303, consoleUrl(`/consents/${bank}/${consent.id}`)]);
        const detail = await web.get(done.location!);
        expect(detail.text).toContain('Consent revoked. Its tokens no longer work.');
        expect(detail.text).toContain('data-status="revoked">revoked</span>');
        expect(detail.text).toContain('id="token-revocation" data-state="done"');
        expect(detail.text).not.toContain('id="revoke"');
        // The consent's story, from its bank's audit trail (issue 9: the timeline on the detail page).
        const story = [...detail.text.matchAll(/<tr data-type="([a-z_.]+)">/g)].map((m) => m[1]);
        const flow = [
          'authorization_request.pushed',
          'login.succeeded',
          'consent.accepted',
          'code.issued',
          'code.redeemed',
          'token.issued',
          'consent.tokens_revoked',
        ];
        expect(story).toEqual(
          bank === 'gobank' ? flow : ['identity_record.created', ...flow, 'identity_record.updated'],
        );
        expect(detail.text).toContain('The customer agreed');
        expect(detail.text).toContain('The consent&#39;s tokens were revoked'); // escaped, like every value
        expect(await banks.introspect(bank, tokens.access_token)).toEqual({ active: false });
        expect(await banks.introspect(bank, tokens.refresh_token)).toEqual({ active: false });
        // Again: nothing to revoke, said plainly.
        const again = await web.post(url, { _csrf: WebClient.csrf(confirm) });
        expect((await web.get(again.location!)).text).toContain('Nothing to revoke');
      },
    );

    it('while the authorization server is down the detail page says the token revocation is pending, then done', async () => {
      const consent = await banks.consent('gobank', { account_ids: [freshAccount()] });
      const tokens = await banks.tokensUnder('gobank', consent.id);
      const confirm = await web.get(consoleUrl(`/consents/gobank/${consent.id}/revoke`));
      await h.stopAuthServer();
      let detail: WebAnswer;
      try {
        const done = await web.post(consoleUrl(`/consents/gobank/${consent.id}/revoke`), {
          _csrf: WebClient.csrf(confirm),
        });
        detail = await web.get(done.location!);
      } finally {
        await h.startAuthServer();
      }
      expect(detail.text).toContain('still pending');
      expect(detail.text).toContain('data-state="pending"');
      expect(detail.text).toContain('Token revocation pending.');
      const worker = h.consentAdmin.apps.admin!.get(TokenRevocationWorker);
      await worker.idle();
      await worker.deliverDue(new Date(Date.now() + 3_600_000), [consent.id]);
      expect((await web.get(consoleUrl(`/consents/gobank/${consent.id}`))).text).toContain('data-state="done"');
      expect(await banks.introspect('gobank', tokens.access_token)).toEqual({ active: false });
    });

    it.each(['gobank', 'hyperscalebank'] as const)(
      '“Revoke all” revokes every authorized consent of one TPP at %s after a confirmation, and no other',
      async (bank) => {
        const tpp = await banks.newTpp(bank, 'Budget Buddy');
        const mine = [
          await banks.consent(bank, { client_name: 'Budget Buddy' }, tpp),
          await banks.consent(bank, { client_name: 'Budget Buddy', subject: 'someone-else' }, tpp),
        ];
        const untouched = await banks.consent(bank, { account_ids: [freshAccount()] });
        const tokens = await banks.tokensUnder(bank, mine[0]!.id, tpp);
        const confirm = await web.get(consoleUrl(`/tpps/${bank}/${tpp.clientId}/revoke`));
        expect(confirm.text).toContain('Revoke every consent of Budget Buddy?');
        expect(confirm.text).toMatch(/2 authorized\s+consents/);
        const done = await web.post(consoleUrl(`/tpps/${bank}/${tpp.clientId}/revoke`), {
          _csrf: WebClient.csrf(confirm),
        });
        const list = await web.get(done.location!);
        expect(list.text).toContain('2 consents of');
        for (const c of mine) expect(rowOf(list, c.id)).toContain('data-status="revoked"');
        await h.consentAdmin.apps.admin!.get(TokenRevocationWorker).idle();
        expect(await banks.introspect(bank, tokens.access_token)).toEqual({ active: false });
        const other = await web.get(consoleUrl(`/consents/${bank}/${untouched.id}`));
        expect(other.text).toContain('data-status="authorized"');
        expect((await web.get(consoleUrl(`/tpps/${bank}/${tpp.clientId}/revoke`))).text).toContain('Nothing to revoke');
      },
    );
  });

  describe('portal: a customer’s own consents at the bank they signed in at', () => {
    it('offers both banks; without a session its pages lead there and its forms are refused', async () => {
      const web = new WebClient(h.pki.ca);
      const home = await web.get(portalUrl('/'));
      expect(home.status).toBe(200);
      expect(home.headers['content-security-policy']).toBe(CSP);
      expect(home.text).toContain('id="sign-in-gobank"');
      expect(home.text).toContain('id="sign-in-hyperscalebank"');
      expect((await web.get(portalUrl('/consents'))).location).toBe(portalUrl('/'));
      expect((await web.post(portalUrl('/consents/x/revoke'), { _csrf: 'x' })).status).toBe(403);
      expect((await web.get(portalUrl('/auth/login?bank=otherbank'))).status).toBe(400);
      // The console's session is no portal session (another cookie, another realm).
      const staffWeb = await staff();
      const cookie = staffWeb.cookies.get('__Host-ofs-console')!;
      web.cookies.set('__Host-ofs-portal', cookie);
      expect((await web.get(portalUrl('/consents'))).location).toBe(portalUrl('/'));
    });

    it('a customer with no consents sees the empty state', async () => {
      await banks.customer('newcomer');
      for (const bank of ['gobank', 'hyperscalebank'] as const) {
        const web = await customer(bank, 'newcomer');
        const page = await web.get(portalUrl('/consents'));
        expect(page.text).toContain('No connected accounts');
        expect(page.text).toContain("You haven't connected any accounts yet");
      }
    });

    it.each(['gobank', 'hyperscalebank'] as const)(
      'at %s: sees own consents grouped by app, never another customer’s or another bank’s; revokes one after confirming',
      async (bank) => {
        const otherBank = bank === 'gobank' ? 'hyperscalebank' : 'gobank';
        const own = await banks.consent(bank, { account_ids: [freshAccount()] });
        const rejected = await banks.consent(bank, { account_ids: [], status: 'rejected' });
        const someoneElses = await banks.consent(bank, { subject: 'someone-else', account_ids: [freshAccount()] });
        const atOtherBank: ConsentDto = await banks.consent(otherBank, { account_ids: [freshAccount()] });
        const tokens = await banks.tokensUnder(bank, own.id);
        const web = await customer(bank);

        const page = await web.get(portalUrl('/consents'));
        expect(page.text).toContain('class="card application-card"');
        const row = rowOf(page, own.id)!;
        expect(row).toContain(`<code class="account-id">${own.account_ids[0]}</code>`);
        expect(row).toContain('data-status="authorized">authorized</span>');
        expect(row).toContain('Read your balances');
        expect(rowOf(page, rejected.id)).toContain('data-status="rejected">rejected</span>');
        expect(rowOf(page, someoneElses.id)).toBeUndefined();
        expect(rowOf(page, atOtherBank.id)).toBeUndefined();
        expect(page.text).not.toContain(someoneElses.account_ids[0]);

        // Forged ids: another customer's consent, another bank's (of this very customer), one that does not exist.
        const csrf = WebClient.csrf(page);
        for (const id of [someoneElses.id, atOtherBank.id, 'no-such-consent']) {
          expect((await web.get(portalUrl(`/consents/${id}/revoke`))).status).toBe(404);
          expect((await web.post(portalUrl(`/consents/${id}/revoke`), { _csrf: csrf })).status).toBe(404);
        }
        // A forged form revoking their own rejected consent: there is nothing to revoke, and the page says so.
        const noAccess = await web.post(portalUrl(`/consents/${rejected.id}/revoke`), { _csrf: csrf });
        expect(noAccess.status).toBe(303);
        expect((await web.get(noAccess.location!)).text).toContain('That consent gives no access to revoke.');
        const staffWeb = await staff();
        for (const c of [someoneElses, atOtherBank]) {
          expect((await staffWeb.get(consoleUrl(`/consents/${c.bank}/${c.id}`))).text).toContain(
            'data-status="authorized"',
          );
        }

        const confirm = await web.get(portalUrl(`/consents/${own.id}/revoke`));
        expect(confirm.text).toContain('Revoke access for Financroo?');
        expect((await web.post(portalUrl(`/consents/${own.id}/revoke`), { _csrf: 'forged' })).status).toBe(403);
        expect(await banks.introspect(bank, tokens.access_token)).toMatchObject({ active: true });
        const done = await web.post(portalUrl(`/consents/${own.id}/revoke`), { _csrf: WebClient.csrf(confirm) });
        expect([done.status, done.location]).toEqual([303, portalUrl('/consents')]);
        const after = await web.get(done.location!);
        expect(after.text).toContain('Financroo no longer has access.');
        expect(rowOf(after, own.id)).toContain('data-status="revoked">revoked</span>');
        // The same form from another tab: already revoked.
        const again = await web.post(portalUrl(`/consents/${own.id}/revoke`), { _csrf: WebClient.csrf(confirm) });
        expect((await web.get(again.location!)).text).toContain('That consent was already revoked.');
        await h.consentAdmin.apps.portal!.get(TokenRevocationWorker).idle();
        expect(await banks.introspect(bank, tokens.access_token)).toEqual({ active: false });
      },
    );

    it('the portal session survives a restart; signing out needs the CSRF token', async () => {
      const web = await customer('gobank');
      const page = await web.get(portalUrl('/consents'));
      expect((await web.get(portalUrl('/auth/login?bank=hyperscalebank'))).location).toBe(portalUrl('/consents'));
      await h.restartConsentAdmin();
      expect((await web.get(portalUrl('/consents'))).status).toBe(200);
      expect((await web.post(portalUrl('/auth/sign-out'), {})).status).toBe(403);
      const out = await web.post(portalUrl('/auth/sign-out'), { _csrf: WebClient.csrf(page) });
      expect(out.location).toBe(portalUrl('/?signed_out'));
      expect((await web.get(portalUrl('/consents'))).location).toBe(portalUrl('/'));
    });
  });
});
