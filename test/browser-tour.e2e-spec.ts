import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { ROOT, type PortSetting, startScratchSandbox, type ScratchSandbox } from './support/sandbox-process';

/*
 * Issue 12, item 4: the README's "Try it in five minutes", step by step, in headless Chromium against every app
 * started as `npm start` starts them. Every text the tour quotes is asserted twice: the page shows it, and the
 * README's tour section still says it — so neither can drift from the other. With SCREENSHOTS_DIR set
 * (`npm run screenshots`), each main screen is saved there as a PNG; the README shows exactly these files.
 */
jest.setTimeout(300_000);

/** The screenshots the tour saves, in the tour's order (docs/screenshots/<name>.png). */
const TOUR_SCREENSHOTS = [
  'financroo-sign-in',
  'financroo-welcome',
  'financroo-connect',
  'bank-login',
  'gobank-consent',
  'financroo-dashboard',
  'console-consents',
  'console-revoke',
  'financroo-reconnect',
] as const;
type Shot = (typeof TOUR_SCREENSHOTS)[number];

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
/** The README's tour: from its heading to the next section of the same level. */
const TOUR = (() => {
  const start = README.indexOf('\n## Try it in five minutes\n');
  if (start < 0) return '';
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end < 0 ? undefined : end);
})();
/** The tour as prose: a quote may wrap across lines. */
const TOUR_TEXT = TOUR.replace(/\s+/g, ' ');

describe('the README tour, in Chromium with the whole sandbox', () => {
  const shotsDir = process.env.SCREENSHOTS_DIR ? path.resolve(ROOT, process.env.SCREENSHOTS_DIR) : undefined;
  let dataDir: string;
  let ports: Record<PortSetting, number>;
  let sandbox: ScratchSandbox;
  let browser: Browser;
  let page: Page;
  let financroo: string;
  let consoleUrl: string;

  beforeAll(async () => {
    sandbox = await startScratchSandbox('tour', { upTimeoutMs: 180_000 });
    ({ dataDir, ports } = sandbox);
    browser = await launchChromium(path.join(dataDir, 'pki'));
    page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    financroo = `https://localhost:${ports.FINANCROO_PORT}`;
    consoleUrl = `https://localhost:${ports.CONSENT_ADMIN_PORT}`;
    if (shotsDir) mkdirSync(shotsDir, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
  });

  function quoted(text: string): void {
    if (!TOUR_TEXT.includes(text)) throw new Error(`README.md's tour no longer quotes "${text}"`);
  }

  /** A text the README's tour quotes: it is on the page, and still in the README. */
  async function shows(on: Page, text: string, selector = 'body'): Promise<void> {
    quoted(text);
    await on.waitForSelector(selector);
    expect(((await on.textContent(selector)) ?? '').replace(/\s+/g, ' ')).toContain(text);
  }

  async function shot(on: Page, name: Shot): Promise<void> {
    if (!shotsDir) return;
    await on.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true });
  }

  /** The authorization server's login page, as the bank customer. */
  async function bankLogin(): Promise<void> {
    await page.waitForSelector('#text-field-username-input');
    expect(new URL(page.url()).port).toBe(String(ports.AUTH_SERVER_PORT));
    await page.fill('#text-field-username-input', 'user');
    await page.fill('#text-field-password-input', 'p@ssword!');
  }

  it('the README has the tour, shows exactly the screenshots the tour saves, and names the credentials', () => {
    expect(TOUR).not.toBe('');
    const referenced = [...TOUR.matchAll(/docs\/screenshots\/([a-z-]+)\.png/g)].map((m) => m[1]);
    expect([...new Set(referenced)]).toEqual([...TOUR_SCREENSHOTS]);
    for (const login of ['`test` / `p@ssword!`', '`user` / `p@ssword!`', '`admin` / `p@ssword!`'])
      expect(TOUR).toContain(login);
    expect(TOUR).toContain('```mermaid\nsequenceDiagram');
  });

  it('the start banner ends with the first thing to try: the tour’s first step', () => {
    const banner = sandbox.output().trimEnd().split('\n');
    const last = banner[banner.length - 1]!;
    expect(last).toBe(`Try it: open ${financroo}, sign in as test / p@ssword! and connect Go Bank.`);
    expect(TOUR).toContain('Try it: open https://localhost:8091, sign in as test / p@ssword! and connect Go Bank.');
  });

  it('1–2. open Financroo and sign in as test: the welcome page', async () => {
    await page.goto(`${financroo}/`);
    await shows(page, 'Sign in to Financroo', 'h1');
    await page.fill('#username', 'test');
    await page.fill('#password', 'p@ssword!');
    await shot(page, 'financroo-sign-in');
    await page.click('#login-button');
    await shows(page, 'Welcome to Financroo Smart Banking', '#financroo-welcome-title');
    await shows(page, 'Connect your bank', '#access-bank-button');
    await shot(page, 'financroo-welcome');
  });

  it('3. connect Go Bank: the connect dialog, then the bank’s login page', async () => {
    // Financroo registers with each bank's server at start; the dialog offers a bank once that is done.
    for (let attempt = 0; ; attempt++) {
      await page.goto(`${financroo}/connect`);
      if (!(await page.isDisabled('#gobank input[type=radio]'))) break;
      if (attempt === 30) throw new Error('Go Bank stayed unavailable in the connect dialog');
      await page.waitForTimeout(1000);
    }
    await shows(page, 'Connect your accounts', 'h1');
    await page.click('#gobank');
    await shows(page, 'Allow access', '#allow-button');
    await shot(page, 'financroo-connect');
    await page.click('#allow-button');

    await bankLogin();
    await shows(page, 'Sign in to Go Bank', 'h1');
    await shot(page, 'bank-login');
    await page.click('button[type=submit]');
  });

  it('4. pick accounts at Go Bank’s consent page and agree: the dashboard shows them and their total', async () => {
    await page.waitForSelector('button[name=action][value=confirm]');
    expect(new URL(page.url()).port).toBe(String(ports.GO_BANK_CONSENT_PORT));
    await shows(page, 'Account selection', 'h1');
    await shows(page, 'Select accounts to share with Financroo');
    for (const id of ['1000001', '1000002', '96534987']) expect(await page.isChecked(`#account-id-${id}`)).toBe(true);
    await shows(page, 'I Agree', 'button[name=action][value=confirm]');
    await shot(page, 'gobank-consent');
    await page.click('button[name=action][value=confirm]');

    await page.waitForSelector('#bank-card-gobank #accounts-synced-number');
    expect(new URL(page.url()).origin).toBe(financroo);
    await shows(page, 'Go Bank is connected.');
    await shows(page, '3 accounts synced', '#bank-card-gobank #accounts-synced-number');
    await shows(page, 'Total balance');
    await shows(page, 'AUD 4504.68', '#total-balance'); // 1000.00 + 2330.45 + 1174.23
    await shot(page, 'financroo-dashboard');
  });

  it('5. the consent console: sign in as admin, find the consent, revoke it', async () => {
    const staff = await browser.newPage({ viewport: { width: 1200, height: 800 } }); // another tab: the bank's staff
    await staff.goto(`${consoleUrl}/`);
    await shows(staff, 'Sign in with your staff account', '#sign-in');
    await staff.click('#sign-in');
    await staff.waitForSelector('#text-field-username-input');
    await staff.fill('#text-field-username-input', 'admin');
    await staff.fill('#text-field-password-input', 'p@ssword!');
    await staff.click('button[type=submit]');
    await staff.waitForURL(`${consoleUrl}/consents`);
    await shows(staff, 'Consents', 'h1');
    const row = staff.locator('#search-results tr', { hasText: 'Financroo' });
    expect(await row.count()).toBe(1);
    for (const text of ['Go Bank', '1000001', 'authorized']) {
      quoted(text);
      expect(await row.textContent()).toContain(text);
    }
    await shot(staff, 'console-consents');

    await row.locator('a', { hasText: 'Details' }).click();
    await staff.click('#revoke');
    await shows(staff, 'Revoke this consent?', '#confirm-title');
    await shot(staff, 'console-revoke');
    await staff.click('#confirm-revoke');
    // Go Bank's consent storage revokes the consent's tokens at the authorization server through its outbox.
    await staff.waitForSelector('#token-revocation[data-state=done]');
    await shows(staff, 'every token issued under this consent is inactive', '#token-revocation');
    await staff.close();
  });

  it('6. back in Financroo: the Go Bank card asks to reconnect', async () => {
    await page.goto(`${financroo}/`);
    const card = page.locator('#bank-card-gobank');
    expect(await card.getAttribute('data-state')).toBe('reconnect');
    await shows(page, 'reconnect', '#bank-card-gobank #access-bank-button');
    await shows(page, 'Reconnect to see these accounts again.', '#bank-card-gobank');
    expect(await page.locator('#bank-card-gobank .account-row').count()).toBe(0);
    await shot(page, 'financroo-reconnect');
  });

  it('7. reconnect: the bank’s login and consent page again, and the accounts are back', async () => {
    await page.click('#bank-card-gobank #access-bank-button');
    await bankLogin();
    await page.click('button[type=submit]');
    await page.waitForSelector('button[name=action][value=confirm]');
    await page.click('button[name=action][value=confirm]');
    await page.waitForSelector('#bank-card-gobank #accounts-synced-number');
    expect(await page.getAttribute('#bank-card-gobank', 'data-state')).toBe('ok');
    expect(await page.textContent('#bank-card-gobank #accounts-synced-number')).toBe('3 accounts synced');
  });
});
