import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/chromium';
import {
  buildIfNeeded,
  freePorts,
  sandboxEnv,
  startSandbox,
  waitForOutput,
  type PortSetting,
  type SandboxProcess,
} from './support/sandbox-process';

/*
 * Issue 11, "Done when" (first journey): in headless Chromium, against every app started as `npm start` starts them,
 * a user signs in to Financroo, connects Go Bank through the authorization server's login and Go Bank's own consent
 * page with all three accounts, and sees them on the dashboard ("3 accounts synced", the total their sum).
 */
jest.setTimeout(240_000);

describe('Financroo in Chromium, with the whole sandbox', () => {
  let dataDir: string;
  let ports: Record<PortSetting, number>;
  let sandbox: SandboxProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    buildIfNeeded();
    dataDir = mkdtempSync(path.join(tmpdir(), 'ofs-journey-'));
    ports = await freePorts();
    sandbox = startSandbox(sandboxEnv(dataDir, ports));
    await waitForOutput(sandbox, 'Open Finance Sandbox is up', 180_000);
    browser = await launchChromium(path.join(dataDir, 'pki'));
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    sandbox?.child.kill('SIGINT');
    await sandbox?.exited;
    if (process.env.KEEP_DATA) console.log(dataDir);
    else rmSync(dataDir, { recursive: true, force: true });
  });

  /** The connect dialog, once Financroo has registered with Go Bank's server (it does so at start). */
  async function openConnectDialog(bank: 'gobank' | 'hyperscalebank'): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      await page.goto(`https://localhost:${ports.FINANCROO_PORT}/connect`);
      if (!(await page.isDisabled(`#${bank} input[type=radio]`))) return;
      if (attempt === 30) throw new Error(`${bank} stayed unavailable in the connect dialog`);
      await page.waitForTimeout(1000);
    }
  }

  /** The authorization server's login page (CONTRACT.md ids), as the bank customer. */
  async function bankLogin(port: number): Promise<void> {
    await page.waitForSelector('#text-field-username-input');
    expect(new URL(page.url()).port).toBe(String(ports.AUTH_SERVER_PORT));
    await page.fill('#text-field-username-input', 'user');
    await page.fill('#text-field-password-input', 'p@ssword!');
    await page.click('button[type=submit]');
    await page.waitForSelector('button[name=action][value=confirm]');
    expect(new URL(page.url()).port).toBe(String(port));
  }

  it('signs in, connects Go Bank with all three accounts at its consent page, and shows them with their total', async () => {
    await page.goto(`https://localhost:${ports.FINANCROO_PORT}/`);
    await page.fill('#username', 'test');
    await page.fill('#password', 'p@ssword!');
    await page.click('#login-button');
    expect(await page.textContent('#financroo-welcome-title')).toBe('Welcome to Financroo Smart Banking');

    await openConnectDialog('gobank');
    await page.click('#gobank');
    await page.click('#allow-button');

    await bankLogin(ports.GO_BANK_CONSENT_PORT);
    expect(await page.textContent('h1')).toBe('Account selection');
    expect(await page.textContent('body')).toContain('Select accounts to share with Financroo');
    for (const id of ['1000001', '1000002', '96534987']) expect(await page.isChecked(`#account-id-${id}`)).toBe(true);
    await page.click('button[name=action][value=confirm]');

    await page.waitForSelector('#accounts-synced-number').catch(async (e: Error) => {
      throw new Error(`${e.message}\nat ${page.url()}:\n${((await page.textContent('body')) ?? '').slice(0, 1500)}`);
    });
    expect(new URL(page.url()).port).toBe(String(ports.FINANCROO_PORT));
    expect(await page.textContent('#accounts-synced-number')).toBe('3 accounts synced');
    for (const id of ['1000001', '1000002', '96534987']) expect(await page.isVisible(`#account-id-${id}`)).toBe(true);
    const body = (await page.textContent('body'))!;
    expect(body).toContain('Total balance');
    expect(body).toContain('AUD 4504.68'); // 1000.00 + 2330.45 + 1174.23
  });

  it('cancelling at Hyperscale Bank’s consent page comes back as "rejected"', async () => {
    await openConnectDialog('hyperscalebank');
    await page.click('#hyperscalebank');
    await page.click('#allow-button');
    await bankLogin(ports.HYPERSCALE_BANK_CONSENT_PORT);
    await page.click('button[name=action][value=deny]');
    await page.waitForURL(`https://localhost:${ports.FINANCROO_PORT}/**`);
    expect(await page.textContent('body')).toContain('rejected');
  });

  it('connects Hyperscale Bank with one of its three accounts: both banks on the dashboard, the total their sum', async () => {
    await openConnectDialog('hyperscalebank');
    await page.click('#hyperscalebank');
    await page.click('#allow-button');
    await bankLogin(ports.HYPERSCALE_BANK_CONSENT_PORT);
    for (const id of ['2000002', '2000011']) await page.uncheck(`#account-id-${id}`);
    await page.click('button[name=action][value=confirm]');
    await page.waitForSelector('#bank-card-hyperscalebank #accounts-synced-number');
    expect(await page.textContent('#bank-card-hyperscalebank #accounts-synced-number')).toBe('1 account synced');
    expect(await page.isVisible('#account-id-95120321')).toBe(true);
    expect(await page.locator('#account-id-2000002').count()).toBe(0);
    expect(await page.textContent('body')).toContain('AUD 6679.91'); // 4504.68 + 2175.23
  });

  it('a consent revoked in the consent console turns Financroo’s Go Bank card to "reconnect"', async () => {
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

    await page.goto(`https://localhost:${ports.FINANCROO_PORT}/`);
    const card = page.locator('#bank-card-gobank');
    expect(await card.getAttribute('data-state')).toBe('reconnect');
    expect(await card.locator('#access-bank-button').textContent()).toBe('reconnect');
    expect(await page.textContent('#bank-card-hyperscalebank #accounts-synced-number')).toBe('1 account synced');
  });
});
