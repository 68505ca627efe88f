import { BenchError, expectStatus } from './bench-error';
import { CookieBrowser } from './cookie-browser';
import type { HttpClient } from './http-client';
import { timed, type StepTimer } from './load-runner';

/*
 * Financroo as its users meet it, without a browser: sign in, connect a bank (Financroo pushes the signed request,
 * the customer logs in at the bank's server and agrees on the bank's own consent page, Financroo takes the JARM
 * callback and exchanges the code), and the dashboard, which reads every connected bank's data API live.
 */

export type FinancrooBank = 'gobank' | 'hyperscalebank';

const TPP_USER = { username: 'test', password: 'p@ssword!' };
const BANK_USER = { username: 'user', password: 'p@ssword!' };
const MAX_HOPS = 8;

/** One Financroo user's browser, signed in. */
export interface FinancrooSession {
  browser: CookieBrowser;
}

/** Sign-in: the form (with its login-CSRF token), then the password; the session cookie is the browser's. */
export async function signIn(http: HttpClient, financrooUrl: string): Promise<FinancrooSession> {
  const browser = new CookieBrowser(http);
  const form = expectStatus('Financroo sign-in page', await browser.request('GET', `${financrooUrl}/login`), 200);
  const signedIn = await browser.request('POST', `${financrooUrl}/login`, {
    _csrf: CookieBrowser.csrf('Financroo sign-in page', form),
    ...TPP_USER,
  });
  const home = CookieBrowser.location('Financroo sign-in', signedIn, financrooUrl);
  if (home.pathname !== '/') throw new BenchError('Financroo sign-in', signedIn.status, `sent to ${home.pathname}`);
  return { browser };
}

/**
 * "Connect your bank" → the bank → back: Financroo's PAR, the server's login, the bank's consent page with every
 * offered account ticked ("I Agree"), the callback (JARM, code exchange, the consent's accounts) and the
 * dashboard it lands on, which must show the bank's card with its accounts. Each step's time goes to `step`.
 */
export async function connectBank(
  session: FinancrooSession,
  financrooUrl: string,
  bank: FinancrooBank,
  step: StepTimer,
): Promise<void> {
  const { browser } = session;
  const dialog = await timed(step, 'financroo: connect dialog', async () =>
    expectStatus('connect dialog', await browser.request('GET', `${financrooUrl}/connect`), 200),
  );
  const pushed = await timed(step, 'financroo: PAR (signed request object)', () =>
    browser.request('POST', `${financrooUrl}/connect`, { _csrf: CookieBrowser.csrf('connect dialog', dialog), bank }),
  );
  const authorize = CookieBrowser.location('connect', pushed, financrooUrl);
  const loginUrl = await timed(step, 'auth-server: authorize', async () =>
    CookieBrowser.location('authorize', await browser.request('GET', authorize.href), authorize.href),
  );
  const pageUrl = await timed(step, 'auth-server: login', async () => {
    expectStatus('login page', await browser.request('GET', loginUrl.href), 200);
    const login = await browser.request('POST', loginUrl.href, BANK_USER);
    return CookieBrowser.location('login', login, loginUrl.href);
  });
  if (pageUrl.origin === authorize.origin)
    throw new BenchError('login', 303, `${bank} has no consent page of its own (sent to ${pageUrl.pathname})`);
  const decision = await timed(step, 'bank: consent page', async () => {
    const page = expectStatus('bank consent page', await browser.request('GET', pageUrl.href), 200);
    const accounts = [...page.body.matchAll(/name="account_ids" value="([^"]+)"/g)].map((m) => m[1]!);
    if (!accounts.length) throw new BenchError('bank consent page', 200, 'no account offered');
    return [
      ['_csrf', CookieBrowser.csrf('bank consent page', page)],
      ...accounts.map((id): [string, string] => ['account_ids', id]),
      ['action', 'confirm'],
    ] as Array<[string, string]>;
  });
  // "I Agree" stores the consent and accepts the login; the server then redirects to Financroo's callback.
  let next = await timed(step, 'bank: I Agree (consent stored, login accepted)', async () =>
    CookieBrowser.location('I Agree', await browser.request('POST', `${pageUrl.origin}/`, decision), pageUrl.href),
  );
  await timed(step, 'auth-server: resume (JARM response)', async () => {
    for (let hops = 0; next.origin !== financrooUrl; hops++) {
      if (hops === MAX_HOPS) throw new BenchError('resume', 303, `too many redirects, at ${next.pathname}`);
      next = CookieBrowser.location('resume', await browser.request('GET', next.href), next.href);
    }
  });
  if (next.pathname !== '/callback') throw new BenchError('resume', 303, `back at Financroo's ${next.pathname}`);
  const dashboard = await timed(step, 'financroo: callback (JARM, code exchange)', async () =>
    CookieBrowser.location('callback', await browser.request('GET', next.href), financrooUrl),
  );
  // Every journey signs in as Financroo's one demo user, so concurrent journeys replace each other's connection to
  // a bank (as a second tab would): the card must be there, and may already ask to reconnect.
  await timed(step, 'financroo: dashboard', () =>
    loadDashboard(session, `${financrooUrl}${dashboard.pathname}${dashboard.search}`, [bank], { replaceable: true }),
  );
}

/**
 * The dashboard, which must show every named bank's card in state `ok` (read live from the bank); `replaceable`:
 * a card asking to reconnect will do (its connection was replaced by a later one).
 */
export async function loadDashboard(
  session: FinancrooSession,
  url: string,
  banks: readonly FinancrooBank[],
  options: { replaceable?: boolean } = {},
): Promise<void> {
  const page = expectStatus('dashboard', await session.browser.request('GET', url), 200);
  for (const bank of banks) {
    const card = new RegExp(`id="bank-card-${bank}" data-bank="${bank}" data-state="(\\w+)"[^]*?</article>`).exec(
      page.body,
    );
    if (card?.[1] !== 'ok' && !(options.replaceable && card?.[1] === 'reconnect')) {
      const said = card?.[0]
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .slice(0, 200);
      throw new BenchError('dashboard', 200, card ? `${bank}'s card says ${card[1]}: ${said}` : `no ${bank} card`);
    }
  }
}
