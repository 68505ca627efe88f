import { Inject, Injectable } from '@nestjs/common';
import type { BankingAccount, BankingTransaction } from '@ofs/cdr';
import { Clock } from '@ofs/platform';
import {
  cents,
  InvalidBankResponseError,
  parseAccounts,
  parseBalances,
  parseTransactions,
  totalPages,
} from '../bank-api/cdr-responses';
import type { BankConnectionEntity } from '../bank-connections/bank-connection.entity';
import { BankConnections } from '../bank-connections/bank-connections.service';
import { BankDataError, ConnectError } from '../bank-connections/connect.error';
import { FINANCROO_SETTINGS, type FinancrooSettings } from '../config/financroo.config';

export interface AccountRow {
  bankId: string;
  accountId: string;
  name: string;
  maskedNumber: string;
  /** currentBalance in cents. */
  balanceCents: number;
  currency: string;
}

/** One connected bank as the dashboard shows it. */
export type BankCard =
  | { bankId: string; bankName: string; state: 'ok'; accounts: AccountRow[] }
  | { bankId: string; bankName: string; state: 'reconnect'; reason: string }
  | { bankId: string; bankName: string; state: 'error'; reason: string };

export interface TransactionRow extends BankingTransaction {
  bankId: string;
  bankName: string;
  accountName: string;
  amountCents: number;
  /** postingDateTime, else valueDateTime, else executionDateTime. */
  date: string;
}

/** How far back the insights read (CDR oldest-time). */
export const INSIGHTS_DAYS = 180;
const MAX_PAGES = 10;

/** Reads the connected banks' CDR APIs for a user: cards with balances, and transactions for the insights. */
@Injectable()
export class BankData {
  constructor(
    private readonly connections: BankConnections,
    @Inject(FINANCROO_SETTINGS) private readonly settings: FinancrooSettings,
    private readonly clock: Clock,
  ) {}

  async cards(userId: string): Promise<BankCard[]> {
    const connections = await this.connections.list(userId);
    return Promise.all(connections.map((c) => this.card(userId, c)));
  }

  async transactions(userId: string): Promise<{ cards: BankCard[]; transactions: TransactionRow[] }> {
    const connections = await this.connections.list(userId);
    const oldest = new Date(this.clock.now().getTime() - INSIGHTS_DAYS * 86_400_000).toISOString();
    const results = await Promise.all(
      connections.map(async (connection) => {
        const card = await this.card(userId, connection);
        if (card.state !== 'ok') return { card, transactions: [] as TransactionRow[] };
        try {
          const transactions: TransactionRow[] = [];
          for (const account of card.accounts) {
            for (let page = 1; page <= MAX_PAGES; page++) {
              const body = await this.connections.get(
                connection,
                `/banking/accounts/${encodeURIComponent(account.accountId)}/transactions?oldest-time=${encodeURIComponent(oldest)}&page-size=1000&page=${page}`,
              );
              for (const t of parseTransactions(body))
                transactions.push({
                  ...t,
                  bankId: card.bankId,
                  bankName: card.bankName,
                  accountName: account.name,
                  amountCents: cents(t.amount),
                  date: t.postingDateTime ?? t.valueDateTime ?? t.executionDateTime ?? '',
                });
              if (page >= totalPages(body)) break;
            }
          }
          return { card, transactions };
        } catch (e) {
          return { card: this.failed(card.bankId, card.bankName, e), transactions: [] as TransactionRow[] };
        }
      }),
    );
    return {
      cards: results.map((r) => r.card),
      transactions: results.flatMap((r) => r.transactions).sort((a, b) => b.date.localeCompare(a.date)),
    };
  }

  private async card(userId: string, connection: BankConnectionEntity, replacing = false): Promise<BankCard> {
    const bank = this.settings.banks.find((b) => b.id === connection.bankId);
    const bankName = bank?.name ?? connection.bankId;
    if (!bank)
      return {
        bankId: connection.bankId,
        bankName,
        state: 'error',
        reason: "This bank is no longer in Financroo's list of banks.",
      };
    if (connection.status === 'needs_reconnect')
      return {
        bankId: bank.id,
        bankName,
        state: 'reconnect',
        reason: connection.statusReason ?? 'The bank needs a reconnect.',
      };
    try {
      const accounts: BankingAccount[] = parseAccounts(
        await this.connections.get(connection, '/banking/accounts?page-size=1000'),
      );
      const balances = parseBalances(
        await this.connections.get(connection, '/banking/accounts/balances?page-size=1000'),
      );
      const rows = accounts.map((a): AccountRow => {
        const balance = balances.find((b) => b.accountId === a.accountId);
        if (!balance) throw new InvalidBankResponseError(`no balance for account ${a.accountId}`);
        return {
          bankId: bank.id,
          accountId: a.accountId,
          name: a.nickname || a.displayName,
          maskedNumber: a.maskedNumber,
          balanceCents: cents(balance.currentBalance),
          currency: balance.currency,
        };
      });
      return { bankId: bank.id, bankName, state: 'ok', accounts: rows };
    } catch (e) {
      if (!replacing && e instanceof BankDataError && e.kind === 'unauthorized') {
        // Connected again meanwhile (another tab): the new connection replaced this one and revoked its tokens.
        const current = (await this.connections.list(userId)).find((c) => c.bankId === connection.bankId);
        if (current && current.id !== connection.id) return this.card(userId, current, true);
      }
      return this.failed(bank.id, bankName, e);
    }
  }

  private failed(bankId: string, bankName: string, e: unknown): BankCard {
    if (e instanceof BankDataError && e.kind === 'unauthorized')
      return { bankId, bankName, state: 'reconnect', reason: e.reason };
    if (e instanceof BankDataError) return { bankId, bankName, state: 'error', reason: e.reason };
    if (e instanceof InvalidBankResponseError)
      return { bankId, bankName, state: 'error', reason: `${bankName} sent an invalid response (${e.what})` };
    if (e instanceof ConnectError) return { bankId, bankName, state: 'error', reason: e.publicMessage };
    throw e;
  }
}

/** Total per currency of the balances shown. */
export function totals(cards: BankCard[]): Array<{ currency: string; cents: number }> {
  const sums = new Map<string, number>();
  for (const card of cards)
    if (card.state === 'ok')
      for (const a of card.accounts) sums.set(a.currency, (sums.get(a.currency) ?? 0) + a.balanceCents);
  return [...sums].map(([currency, total]) => ({ currency, cents: total }));
}
