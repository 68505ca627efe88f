import type { Locator, Page } from 'playwright-core';
import type { PortSetting, SandboxProcess } from './sandbox-process';

export type BankId = 'gobank' | 'hyperscalebank';

/** The seed accounts of `user` at each bank and their current balances (CONTRACT.md "Bank data"). */
export const SEED_ACCOUNTS: Record<BankId, Record<string, string>> = {
  gobank: { '1000001': '1000.00', '1000002': '2330.45', '96534987': '1174.23' },
  hyperscalebank: { '2000002': '2010.00', '2000011': '3340.45', '95120321': '2175.23' },
};

/** What a bank card on Financroo's dashboard shows. */
export interface BankCardView {
  state: string | null;
  synced: string | null;
  /** The card's message when it is not `ok` (why the bank needs a reconnect, or what failed). */
  alert: string | null;
  accounts: Array<{ id: string; amount: string }>;
}

/** What the dashboard shows: its bank cards, every account row and the total. */
export interface DashboardView {
  cards: Record<string, BankCardView>;
  accounts: Array<{ id: string; amount: string }>;
  total: string;
  allSynced: string;
}

/**
 * Financroo in Chromium through the CONTRACT.md ids: the connect dialog, the authorization server's login, the
 * bank's consent page and the dashboard. Every step that leaves a page waits for the next page to be there, so
 * an assertion never reads the page being left.
 */
export class FinancrooJourney {
  readonly financroo: string;

  constructor(
    private readonly page: Page,
    private readonly ports: Record<PortSetting, number>,
    private readonly sandbox: SandboxProcess,
  ) {
    this.financroo = `https://localhost:${ports.FINANCROO_PORT}`;
  }

  async signIn(): Promise<void> {
    await this.page.goto(`${this.financroo}/`);
    await this.page.fill('#username', 'test');
    await this.page.fill('#password', 'p@ssword!');
    await this.settle(() => this.page.click('#login-button'), '/');
  }

  /** The connect dialog, once Financroo has registered with the bank's server (it does so at start). */
  async openConnectDialog(bank: BankId): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      await this.page.goto(`${this.financroo}/connect`);
      if (!(await this.page.isDisabled(`#${bank} input[type=radio]`))) return;
      if (attempt === 30) throw new Error(`${bank} stayed unavailable in the connect dialog`);
      await this.page.waitForTimeout(1000);
    }
  }

  /** "Allow access" for the bank in the dialog: the authorization server's login page. */
  async allow(bank: BankId): Promise<void> {
    await this.openConnectDialog(bank);
    await this.page.click(`#${bank}`);
    await this.leave(() => this.page.click('#allow-button'), this.ports.AUTH_SERVER_PORT);
  }

  /** The authorization server's login page (CONTRACT.md ids), as the bank customer: the bank's consent page. */
  async bankLogin(bank: BankId): Promise<void> {
    await this.page.waitForSelector('#text-field-username-input');
    await this.page.fill('#text-field-username-input', 'user');
    await this.page.fill('#text-field-password-input', 'p@ssword!');
    const consentPort = bank === 'gobank' ? this.ports.GO_BANK_CONSENT_PORT : this.ports.HYPERSCALE_BANK_CONSENT_PORT;
    await this.leave(() => this.page.click('button[type=submit]'), consentPort);
    await this.page.waitForSelector('button[name=action][value=confirm]');
  }

  /** At the consent page: untick every account not in `keep` (all are ticked by default), then "I Agree". */
  async agree(keep: readonly string[]): Promise<void> {
    for (const box of await this.page.locator('input[name=account_ids]').all())
      if (!keep.includes((await box.getAttribute('value'))!)) await box.uncheck();
    await this.settle(() => this.page.click('button[name=action][value=confirm]'), '/');
  }

  /** Dialog → login → consent page → "I Agree" with `keep` ticked → the dashboard. */
  async connect(bank: BankId, keep: readonly string[] = Object.keys(SEED_ACCOUNTS[bank])): Promise<void> {
    await this.allow(bank);
    await this.bankLogin(bank);
    await this.agree(keep);
  }

  /** The card's "disconnect" button: back on Financroo's start page. */
  async disconnect(bank: BankId): Promise<void> {
    await this.settle(() => this.page.click(`#bank-card-${bank} #access-bank-button`), '/');
  }

  async dashboard(): Promise<DashboardView> {
    const rows = async (root: Locator) =>
      Promise.all(
        (await root.locator('.account-row').all()).map(async (row) => ({
          id: (await row.getAttribute('id'))!.replace(/^account-id-/, ''),
          amount: (await row.locator('.amount').getAttribute('data-amount')) ?? '',
        })),
      );
    const cards: Record<string, BankCardView> = {};
    for (const card of await this.page.locator('.bank-card').all()) {
      const synced = card.locator('#accounts-synced-number');
      const alert = card.locator('.alert');
      cards[(await card.getAttribute('data-bank'))!] = {
        state: await card.getAttribute('data-state'),
        synced: (await synced.count()) ? await synced.textContent() : null,
        alert: (await alert.count()) ? await alert.textContent() : null,
        accounts: await rows(card),
      };
    }
    return {
      cards,
      accounts: await rows(this.page.locator('body')),
      total: (await this.page.locator('#total-balance .amount').getAttribute('data-amount')) ?? '',
      allSynced: (await this.page.textContent('#all-accounts-synced')) ?? '',
    };
  }

  /**
   * Runs `action` (a click that leaves the page) and waits until Financroo's page at `pathname` has loaded; when
   * it does not come, the error says where the browser is, what the page says and what the sandbox logged.
   */
  async settle(action: () => Promise<void>, pathname: string): Promise<void> {
    const arrived = this.page.waitForURL(
      (url) => url.port === String(this.ports.FINANCROO_PORT) && url.pathname === pathname,
      { waitUntil: 'load' },
    );
    await action();
    await arrived.catch((e: Error) => this.fail(e));
  }

  /** Runs `action` and waits until the browser has loaded a page of the given port. */
  private async leave(action: () => Promise<void>, port: number): Promise<void> {
    const arrived = this.page.waitForURL((url) => url.port === String(port), { waitUntil: 'load' });
    await action();
    await arrived.catch((e: Error) => this.fail(e));
  }

  async fail(e: Error): Promise<never> {
    const body = ((await this.page.textContent('body').catch(() => '')) ?? '').replace(/\s+/g, ' ').slice(0, 1500);
    const log = this.sandbox.output().split('\n').slice(-40).join('\n');
    throw new Error(`${e.message}\nat ${this.page.url()}:\n${body}\nsandbox log (last lines):\n${log}`);
  }
}

/** The sum of amounts with two decimals, in cents (no floating point). */
export function sum(amounts: readonly string[]): string {
  const cents = amounts.reduce((n, a) => n + Math.round(Number(a) * 100), 0);
  return `${Math.trunc(cents / 100)}.${String(Math.abs(cents % 100)).padStart(2, '0')}`;
}
