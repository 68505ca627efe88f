import {
  CdrError,
  type AccountDetailResponse,
  type AccountListResponse,
  type BalanceListResponse,
  type BalanceResponse,
  type TransactionListResponse,
} from '@ofs/cdr';
import type { AccountScope, BankDataRepository } from '../database/bank-data.repository';
import { parseAccountFilter, parsePage, parseTransactionFilter } from '../query/cdr-query';
import { paginate } from '../query/pagination';
import { READ_ACCOUNTS, READ_BALANCES, READ_TRANSACTIONS, type ConsentedAccess } from './consented-access';

type Query = Record<string, unknown>;
const ACCOUNT_ID = /^[A-Za-z0-9-]{1,64}$/;

/** The CDR banking reads, limited to what the consent allows: other accounts do not exist (404). */
export class BankingService {
  constructor(
    private readonly data: BankDataRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async accounts(access: ConsentedAccess, query: Query, self: URL): Promise<AccountListResponse> {
    need(access, READ_ACCOUNTS, 'accounts');
    const filter = parseAccountFilter(query);
    const page = parsePage(query);
    const { accounts, total } = await this.data.listAccounts(scopeOf(access), filter, page);
    return { data: { accounts }, ...paginate(self, page, total) };
  }

  async account(access: ConsentedAccess, accountId: string, self: URL): Promise<AccountDetailResponse> {
    need(access, READ_ACCOUNTS, 'accounts');
    const account = await this.data.findAccount(scopeOf(access), checkedId(accountId));
    if (!account) throw unknownAccount(accountId);
    return { data: account, links: { self: self.toString() }, meta: {} };
  }

  async balances(access: ConsentedAccess, query: Query, self: URL): Promise<BalanceListResponse> {
    need(access, READ_BALANCES, 'balances');
    const page = parsePage(query);
    const { balances, total } = await this.data.listBalances(scopeOf(access), page);
    return { data: { balances }, ...paginate(self, page, total) };
  }

  async balance(access: ConsentedAccess, accountId: string, self: URL): Promise<BalanceResponse> {
    need(access, READ_BALANCES, 'balances');
    const balance = await this.data.findBalance(scopeOf(access), checkedId(accountId));
    if (!balance) throw unknownAccount(accountId);
    return { data: balance, links: { self: self.toString() }, meta: {} };
  }

  async transactions(
    access: ConsentedAccess,
    accountId: string,
    query: Query,
    self: URL,
  ): Promise<TransactionListResponse> {
    need(access, READ_TRANSACTIONS, 'transactions');
    if (!(await this.data.findAccount(scopeOf(access), checkedId(accountId)))) throw unknownAccount(accountId);
    const filter = parseTransactionFilter(query, this.now());
    const page = parsePage(query);
    const { transactions, total } = await this.data.listTransactions(accountId, filter, page);
    return { data: { transactions }, ...paginate(self, page, total) };
  }
}

function scopeOf(access: ConsentedAccess): AccountScope {
  return { owner: access.subject, accountIds: access.accountIds };
}

function need(access: ConsentedAccess, any: readonly string[], what: string): void {
  if (access.permissions === null || access.permissions.some((p) => any.includes(p))) return;
  const detail = `the consent does not allow reading ${what} (needs ${any.join(' or ')})`;
  const challenge: Record<string, string> = access.tokenScheme
    ? { 'WWW-Authenticate': `${access.tokenScheme} error="insufficient_scope", error_description="${detail}"` }
    : {};
  throw new CdrError('insufficientScope', detail, challenge);
}

function checkedId(accountId: string): string {
  if (!ACCOUNT_ID.test(accountId)) throw unknownAccount(accountId);
  return accountId;
}

function unknownAccount(accountId: string): CdrError {
  return new CdrError('invalidBankingAccount', `account ${accountId.slice(0, 64)} is not available`);
}
