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
    const scope = scopeFor(access, READ_ACCOUNTS, 'accounts');
    const filter = parseAccountFilter(query);
    const page = parsePage(query);
    const { accounts, total } = await this.data.listAccounts(scope, filter, page);
    return { data: { accounts }, ...paginate(self, page, total) };
  }

  async account(access: ConsentedAccess, accountId: string, self: URL): Promise<AccountDetailResponse> {
    const scope = scopeFor(access, READ_ACCOUNTS, 'accounts');
    const account = await this.data.findAccount(scope, checkedId(accountId));
    if (!account) throw unknownAccount(accountId);
    return { data: account, links: { self: self.toString() }, meta: {} };
  }

  async balances(access: ConsentedAccess, query: Query, self: URL): Promise<BalanceListResponse> {
    const scope = scopeFor(access, READ_BALANCES, 'balances');
    const page = parsePage(query);
    const { balances, total } = await this.data.listBalances(scope, page);
    return { data: { balances }, ...paginate(self, page, total) };
  }

  async balance(access: ConsentedAccess, accountId: string, self: URL): Promise<BalanceResponse> {
    const scope = scopeFor(access, READ_BALANCES, 'balances');
    const balance = await this.data.findBalance(scope, checkedId(accountId));
    if (!balance) throw unknownAccount(accountId);
    return { data: balance, links: { self: self.toString() }, meta: {} };
  }

  async transactions(
    access: ConsentedAccess,
    accountId: string,
    query: Query,
    self: URL,
  ): Promise<TransactionListResponse> {
    const scope = scopeFor(access, READ_TRANSACTIONS, 'transactions');
    if (!(await this.data.findAccount(scope, checkedId(accountId)))) throw unknownAccount(accountId);
    const filter = parseTransactionFilter(query, this.now());
    const page = parsePage(query);
    const { transactions, total } = await this.data.listTransactions(accountId, filter, page);
    return { data: { transactions }, ...paginate(self, page, total) };
  }
}

/**
 * The accounts a read of this kind may see: the shared accounts for which the consent granted one of `any` (RFC
 * 9396 §7: a permission is granted for its detail's accounts); the others do not exist for it (404). A consent
 * that grants none of `any` at all is a 403 `insufficient_scope`.
 */
function scopeFor(access: ConsentedAccess, any: readonly string[], what: string): AccountScope {
  need(access, any, what);
  const byPermission = access.accountsByPermission;
  if (access.permissions === null || !byPermission) return { owner: access.subject, accountIds: access.accountIds };
  const granted = new Set(any.flatMap((p) => byPermission[p] ?? []));
  return { owner: access.subject, accountIds: access.accountIds.filter((id) => granted.has(id)) };
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
