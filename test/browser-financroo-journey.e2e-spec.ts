import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { FINANCROO_BRAND } from '../apps/financroo/src/http/financroo-brand';
import { launchChromium } from './support/chromium';
import { FinancrooJourney, SEED_ACCOUNTS, sum, type BankId } from './support/financroo-journey';
import { type PortSetting, startScratchSandbox, type ScratchSandbox } from './support/sandbox-process';

/*
 * Issue 11, "Done when": in headless Chromium, against every app started as `npm start` starts them, Financroo's
 * user `test` connects the banks through the authorization server's login and each bank's own consent page:
 * Go Bank with all three accounts, Hyperscale Bank likewise, both banks in either order (six accounts, the total
 * their sum), one account of three, none, a cancel at the consent page ("rejected"), a disconnect (the welcome
 * page, still after a reload), and a consent revoked in the consent console (the card says "reconnect", and
 * reconnecting brings the accounts back). The journeys run in order, on one sandbox and one browser session.
 */
jest.setTimeout(240_000);

/** The little of HTMLCanvasElement the pixel count needs (the project's types have no DOM library). */
interface PixelCanvas {
  width: number;
  height: number;
  getContext(
    kind: '2d',
  ): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}

/** Financroo's accent colour (its chart bars) as [r, g, b]. */
const ACCENT_RGB = [1, 3, 5].map((i) => parseInt(FINANCROO_BRAND.accent.slice(i, i + 2), 16)) as [
  number,
  number,
  number,
];

const GO = Object.keys(SEED_ACCOUNTS.gobank);
const HYPER = Object.keys(SEED_ACCOUNTS.hyperscalebank);
const balances = (bank: BankId, ids: readonly string[] = Object.keys(SEED_ACCOUNTS[bank])) =>
  ids.map((id) => SEED_ACCOUNTS[bank][id]!);

describe('Financroo in Chromium, with the whole sandbox', () => {
  let dataDir: string;
  let ports: Record<PortSetting, number>;
  let sandbox: ScratchSandbox;
  let browser: Browser;
  let page: Page;
  let f: FinancrooJourney;

  beforeAll(async () => {
    sandbox = await startScratchSandbox('journey', { upTimeoutMs: 180_000 });
    ({ dataDir, ports } = sandbox);
    browser = await launchChromium(path.join(dataDir, 'pki'));
    page = await browser.newPage();
    f = new FinancrooJourney(page, ports, sandbox);
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
  });

  /** Every account row on the dashboard, and the total equal to their sum (and to the seed's figures). */
  async function expectAccounts(expected: Record<string, readonly string[]>): Promise<void> {
    const view = await f.dashboard();
    const ids = Object.values(expected).flat();
    expect(view.accounts.map((a) => a.id).sort()).toEqual([...ids].sort());
    for (const [bank, accounts] of Object.entries(expected)) {
      const card = view.cards[bank]!;
      expect({ bank, state: card.state, alert: card.alert }).toEqual({ bank, state: 'ok', alert: null });
      expect(card.synced).toBe(`${accounts.length} ${accounts.length === 1 ? 'account' : 'accounts'} synced`);
      expect(card.accounts.map((a) => a.id).sort()).toEqual([...accounts].sort());
      expect(card.accounts.map((a) => a.amount).sort()).toEqual(balances(bank as BankId, accounts).sort());
    }
    expect(view.allSynced).toBe(`${ids.length} ${ids.length === 1 ? 'account' : 'accounts'} synced`);
    expect(view.total).toBe(sum(view.accounts.map((a) => a.amount)));
    expect(await page.textContent('#total-balance')).toBe(`AUD ${view.total}`);
    for (const id of ids) expect(await page.isVisible(`#account-id-${id} .account-name`)).toBe(true);
  }

  it('signs in, connects Go Bank with all three accounts at its consent page, and shows them with their total', async () => {
    await f.signIn();
    expect(await page.textContent('#financroo-welcome-title')).toBe('Welcome to Financroo Smart Banking');

    await f.allow('gobank');
    await f.bankLogin('gobank');
    expect(await page.textContent('h1')).toBe('Account selection');
    expect(await page.textContent('body')).toContain('Select accounts to share with Financroo');
    for (const id of GO) expect(await page.isChecked(`#account-id-${id}`)).toBe(true);
    await f.agree(GO);

    expect(await page.textContent('#accounts-synced-number')).toBe('3 accounts synced');
    await expectAccounts({ gobank: GO });
    expect(await page.textContent('body')).toContain('AUD 4504.68'); // 1000.00 + 2330.45 + 1174.23
  });

  it('cancelling at Hyperscale Bank’s consent page comes back as "rejected"', async () => {
    await f.allow('hyperscalebank');
    await f.bankLogin('hyperscalebank');
    await f.settle(() => page.click('button[name=action][value=deny]'), '/callback');
    expect(await page.textContent('#connect-error')).toContain('rejected');
    await page.goto(`${f.financroo}/`);
    await expectAccounts({ gobank: GO });
  });

  it('connects Hyperscale Bank with one of its three accounts: both banks on the dashboard, the total their sum', async () => {
    await f.connect('hyperscalebank', ['95120321']);
    expect(await page.textContent('#bank-card-hyperscalebank #accounts-synced-number')).toBe('1 account synced');
    expect(await page.locator('#account-id-2000002').count()).toBe(0);
    await expectAccounts({ gobank: GO, hyperscalebank: ['95120321'] });
    expect(await page.textContent('#total-balance')).toBe('AUD 6679.91'); // 4504.68 + 2175.23
  });

  it('a consent revoked in the consent console turns Financroo’s Go Bank card to "reconnect"; reconnecting brings the accounts back', async () => {
    const console_ = `https://localhost:${ports.CONSENT_ADMIN_PORT}`;
    const staff = await browser.newPage(); // another tab, the same browser: an admin at the bank
    await staff.goto(`${console_}/consents?account_id=96534987&bank=gobank&status=authorized`);
    await staff.waitForURL(`${console_}/sign-in`);
    await staff.click('#sign-in');
    await staff.waitForSelector('#text-field-username-input');
    await staff.fill('#text-field-username-input', 'admin');
    await staff.fill('#text-field-password-input', 'p@ssword!');
    await staff.click('button[type=submit]');
    await staff.waitForURL(`${console_}/consents`);
    await staff.goto(`${console_}/consents?account_id=96534987&bank=gobank&status=authorized`);
    const row = staff.locator('tr', { hasText: 'Financroo' }).first();
    await row.locator('a', { hasText: 'Details' }).click();
    await staff.click('#revoke');
    await staff.click('#confirm-revoke');
    await staff.waitForSelector('#token-revocation[data-state=done]');
    await staff.close();

    await page.goto(`${f.financroo}/`);
    const view = await f.dashboard();
    expect(view.cards.gobank).toMatchObject({ state: 'reconnect', synced: null, accounts: [] });
    expect(view.cards.gobank!.alert).toMatch(/^Financroo's access to Go Bank has ended: the bank refused the token/);
    const card = page.locator('#bank-card-gobank');
    expect(await card.locator('#access-bank-button').textContent()).toBe('reconnect');
    await expectAccounts({ hyperscalebank: ['95120321'] }); // only what is still shown counts in the total

    // "reconnect" goes straight to Go Bank (no dialog): a new consent, the accounts back.
    await card.locator('#access-bank-button').click();
    await f.bankLogin('gobank');
    await f.agree(GO);
    await expectAccounts({ gobank: GO, hyperscalebank: ['95120321'] });
  });

  it('disconnecting both banks leads back to the welcome page, and a reload stays there', async () => {
    await f.disconnect('hyperscalebank');
    await expectAccounts({ gobank: GO });
    await f.disconnect('gobank');
    expect(await page.textContent('#financroo-welcome-title')).toBe('Welcome to Financroo Smart Banking');
    expect(await page.textContent('#access-bank-button')).toBe('Connect your bank');
    await page.reload();
    expect(await page.textContent('#financroo-welcome-title')).toBe('Welcome to Financroo Smart Banking');
    expect(await page.locator('.bank-card').count()).toBe(0);
  });

  it('connects Hyperscale Bank with all three accounts, then Go Bank: six accounts, the total their sum', async () => {
    await f.connect('hyperscalebank');
    expect(await page.textContent('#accounts-synced-number')).toBe('3 accounts synced');
    await expectAccounts({ hyperscalebank: HYPER });
    expect(await page.textContent('#total-balance')).toBe('AUD 7525.68'); // 2010.00 + 3340.45 + 2175.23

    await f.connect('gobank');
    await expectAccounts({ hyperscalebank: HYPER, gobank: GO });
    expect(await page.textContent('#total-balance')).toBe('AUD 12030.36'); // 7525.68 + 4504.68
    expect(await page.textContent('#all-accounts-synced')).toBe('6 accounts synced');
  });

  it('the insights charts are drawn by Chart.js: spending by month and by category are canvases with bars', async () => {
    await page.goto(`${f.financroo}/insights`);
    for (const id of ['spending-by-month', 'spending-by-category']) {
      await page.waitForSelector(`#${id}-canvas[data-drawn=true]`);
      // The bars are Financroo's accent colour: count the canvas pixels of exactly that colour, and all painted ones.
      const pixels = await page.locator(`#${id}-canvas`).evaluate((canvas: PixelCanvas, [r, g, b]) => {
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        let painted = 0;
        let bars = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3]! > 0) painted++;
          if (data[i + 3] === 255 && data[i] === r && data[i + 1] === g && data[i + 2] === b) bars++;
        }
        return { painted, bars, size: canvas.width * canvas.height };
      }, ACCENT_RGB);
      expect(pixels.size).toBeGreaterThan(0);
      expect([id, pixels.bars > 100]).toEqual([id, true]);
      expect(pixels.painted).toBeGreaterThan(pixels.bars);
    }
    // Without scripts the server's SVG charts would show; with them, the canvases took their place.
    expect(await page.locator('svg#spending-by-month').count()).toBe(0);
  });

  it('Go Bank connected again with none of its accounts ticked: "0 accounts synced", the total Hyperscale Bank’s', async () => {
    await page.goto(`${f.financroo}/`);
    await f.disconnect('gobank');
    await f.connect('gobank', []);
    expect(await page.textContent('#bank-card-gobank #accounts-synced-number')).toBe('0 accounts synced');
    await expectAccounts({ hyperscalebank: HYPER, gobank: [] });
    expect(await page.textContent('#total-balance')).toBe('AUD 7525.68');
  });
});
