import { randomInt } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../test/support/chromium';
import { TokenRevocationWorker } from '../src/token-revocation/token-revocation.worker';
import { BankFixtures, type Bank } from './consent-fixtures';
import { startConsentStorage, type ConsentStorageHarness } from './consent-storage-harness';

jest.setTimeout(120_000);

/*
 * Issue 9, "Done when": the consent console and the customers' portal in a real browser (Debian's Chromium driven by
 * playwright-core, trusting exactly the sandbox's certificates) over real TLS, with the authorization server's own
 * login pages; consents and tokens made through the real APIs (storage API / identity pool, an authorization-code
 * flow accepted with the consent's id), and the effect checked where it matters: introspection of the TPP's token.
 */
describe('consent console and portal in Chromium', () => {
  let h: ConsentStorageHarness;
  let banks: BankFixtures;
  let browser: Browser;

  beforeAll(async () => {
    h = await startConsentStorage({ consentPageUrl: 'https://localhost:7080/consent' });
    banks = await new BankFixtures(h).init();
    browser = await launchChromium(h.consentAdmin.config.pkiDir);
  });
  afterAll(async () => {
    await browser?.close();
    banks?.close();
    await h?.close();
  });

  /** The authorization server's login page (CONTRACT.md ids), then back at the app. */
  async function logIn(page: Page, username: string): Promise<void> {
    await page.waitForSelector('#text-field-username-input');
    expect(await page.evaluate<string>('location.pathname')).toMatch(/^\/obgeneric\/[a-z]+\/login\//);
    await page.fill('#text-field-username-input', username);
    await page.fill('#text-field-password-input', 'p@ssword!');
    await page.click('button[type=submit]');
  }

  async function settled(bank: Bank, token: string): Promise<Record<string, unknown>> {
    await h.consentAdmin.apps.admin!.get(TokenRevocationWorker).idle();
    await h.consentAdmin.apps.portal!.get(TokenRevocationWorker).idle();
    return banks.introspect(bank, token);
  }

  it('an admin signs in, finds the consent a TPP got for account 96534987, revokes it after confirming: its token is inactive', async () => {
    const tppName = `Browser TPP ${randomInt(1e6)}`;
    const tpp = await banks.newTpp('gobank', tppName);
    const consent = await banks.consent('gobank', { client_name: tppName, account_ids: ['96534987', '1000002'] }, tpp);
    const tokens = await banks.tokensUnder('gobank', consent.id, tpp);
    expect(await banks.introspect('gobank', tokens.access_token)).toMatchObject({
      active: true,
      consent_id: consent.id,
    });

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${h.consentAdminBase}/consents?account_id=96534987`);
    await page.waitForURL(`${h.consentAdminBase}/sign-in`);
    await page.click('#sign-in');
    await logIn(page, 'admin');
    await page.waitForURL(`${h.consentAdminBase}/consents`);
    expect(await page.textContent('header')).toContain('Signed in as Consent Admin');

    // The search form, by keyboard: labelled fields, Enter submits.
    expect(await page.textContent('label[for=filter-account]')).toBe('Account id');
    await page.focus('#filter-account');
    await page.keyboard.type('96534987');
    await page.selectOption('#filter-bank', 'gobank');
    await page.focus('#filter-client');
    await page.keyboard.type(tpp.clientId);
    await page.keyboard.press('Enter');
    await page.waitForURL(/account_id=96534987/);
    const row = page.locator(`#consent-${consent.id}`);
    expect(await row.textContent()).toContain(tppName);
    expect(await row.locator('.account-id').allTextContents()).toEqual(['96534987', '1000002']);
    expect(await row.locator('.status').textContent()).toBe('authorized');

    await row.locator('a', { hasText: 'Details' }).click();
    await page.waitForURL(`${h.consentAdminBase}/consents/gobank/${consent.id}`);
    expect(await page.textContent('#consent-detail')).toContain('Read your balances');
    await page.click('#revoke');
    await page.waitForSelector('#confirm-revoke');
    expect(await page.textContent('h1')).toBe('Revoke this consent?');
    // Asked, not done yet.
    expect(await banks.introspect('gobank', tokens.access_token)).toMatchObject({ active: true });
    await page.click('#confirm-revoke');
    await page.waitForURL(`${h.consentAdminBase}/consents/gobank/${consent.id}`);
    expect(await page.textContent('#consent-detail .status')).toBe('revoked');
    expect(await page.textContent('[role=status]')).toContain('Consent revoked');
    expect(await page.getAttribute('#token-revocation', 'data-state')).toBe('done');
    expect(await settled('gobank', tokens.access_token)).toEqual({ active: false });
    await context.close();
  });

  it.each(['gobank', 'hyperscalebank'] as const)(
    'a customer of %s signs in at their bank on a phone-sized screen and revokes their own consent after confirming',
    async (bank) => {
      const consent = await banks.consent(bank, { account_ids: [String(randomInt(10_000_000, 99_999_999))] });
      const someoneElses = await banks.consent(bank, { subject: 'someone-else' });
      const tokens = await banks.tokensUnder(bank, consent.id);
      expect(await banks.introspect(bank, tokens.access_token)).toMatchObject({ active: true });

      const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true });
      const page = await context.newPage();
      await page.goto(h.consentPortalBase);
      // Keyboard: Tab reaches the bank's sign-in button, Enter follows it.
      for (
        let i = 0;
        i < 6 && (await page.evaluate<string | undefined>('document.activeElement?.id')) !== `sign-in-${bank}`;
        i++
      ) {
        await page.keyboard.press('Tab');
      }
      expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe(`sign-in-${bank}`);
      await page.keyboard.press('Enter');
      await logIn(page, 'user');
      await page.waitForURL(`${h.consentPortalBase}/consents`);

      const card = page.locator(`#consent-${consent.id}`);
      expect(await card.locator('.account-id').allTextContents()).toEqual(consent.account_ids);
      expect(await card.locator('.status').textContent()).toBe('authorized');
      expect(await page.locator(`#consent-${someoneElses.id}`).count()).toBe(0);
      // Readable on a phone: nothing wider than the screen.
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);

      await page.click(`#revoke-${consent.id}`);
      await page.waitForSelector('#confirm-revoke');
      expect(await page.textContent('h1')).toBe('Revoke access for Financroo?');
      expect(await banks.introspect(bank, tokens.access_token)).toMatchObject({ active: true });
      await page.click('#confirm-revoke');
      await page.waitForURL(`${h.consentPortalBase}/consents`);
      expect(await page.textContent(`#consent-${consent.id} .status`)).toBe('revoked');
      expect(await page.locator(`#revoke-${consent.id}`).count()).toBe(0);
      expect(await settled(bank, tokens.access_token)).toEqual({ active: false });
      await context.close();
    },
  );
});
