import type { BankingAccount, BankingBalance, BankingTransaction, ProductCategory, TransactionType } from '@ofs/cdr';
import { preparedQuery } from '@ofs/resource-server';
import type { DataSource, EntityManager } from 'typeorm';
import type { AccountFilter, PageRequest, TransactionFilter } from '../query/cdr-query';
import { maskAccountNumber, type BankSeed, type SeedTransaction } from '../seed/bank-seed';
import { everydayTransactions, referenceTransactions } from '../seed/everyday-history';

/** Which accounts a request may see: the customer's own, narrowed to those their consent names. */
export interface AccountScope {
  owner: string;
  accountIds: readonly string[];
}

interface AccountRow {
  account_id: string;
  nickname: string;
  display_name: string;
  masked_number: string;
  product_category: string;
  product_name: string;
  open_status: string;
  is_owned: boolean;
  creation_date: string;
  total?: string;
}

const ACCOUNT_COLUMNS = `a.account_id, a.nickname, a.display_name, a.masked_number, a.product_category, a.product_name,
  a.open_status, a.is_owned, to_char(a.creation_date, 'YYYY-MM-DD') AS creation_date`;
const IN_SCOPE = `a.owner = $1 AND a.account_id = ANY($2::text[])`;
const HISTORY_DAYS = 365;
const LOCK_KEY = 0x6f66_7362; // 'ofsb': one seeding process at a time per database

/** The bank's accounts, balances and transactions; every read is limited to an AccountScope. */
export class BankDataRepository {
  constructor(private readonly db: DataSource) {}

  /** Every read of a data API call: a prepared statement on the pool (parsed and planned once per connection). */
  private read<T>(text: string, values: unknown[]): Promise<T[]> {
    return preparedQuery<T>(this.db, { text, values });
  }

  async listAccounts(
    scope: AccountScope,
    filter: AccountFilter,
    page: PageRequest,
  ): Promise<{ accounts: BankingAccount[]; total: number }> {
    const params: unknown[] = [scope.owner, scope.accountIds];
    const where = [IN_SCOPE];
    if (filter.productCategory) where.push(`a.product_category = $${params.push(filter.productCategory)}`);
    if (filter.openStatus) where.push(`a.open_status = $${params.push(filter.openStatus)}`);
    if (filter.isOwned !== undefined) where.push(`a.is_owned = $${params.push(filter.isOwned)}`);
    const filterParams = [...params];
    const rows: AccountRow[] = await this.read(
      `SELECT ${ACCOUNT_COLUMNS}, count(*) OVER () AS total FROM bank_account a
        WHERE ${where.join(' AND ')} ORDER BY a.account_id
        LIMIT $${params.push(page.pageSize)} OFFSET $${params.push((page.page - 1) * page.pageSize)}`,
      params,
    );
    const total = await this.totalOf(rows, () => this.count('bank_account a', where, filterParams));
    return { accounts: rows.map(toAccount), total };
  }

  async findAccount(scope: AccountScope, accountId: string): Promise<BankingAccount | null> {
    const rows: AccountRow[] = await this.read(
      `SELECT ${ACCOUNT_COLUMNS} FROM bank_account a WHERE ${IN_SCOPE} AND a.account_id = $3`,
      [scope.owner, scope.accountIds, accountId],
    );
    return rows[0] ? toAccount(rows[0]) : null;
  }

  /** Every account of a customer (the consent page lists them to choose from). */
  async accountsOf(owner: string): Promise<BankingAccount[]> {
    const rows: AccountRow[] = await this.read(
      `SELECT ${ACCOUNT_COLUMNS} FROM bank_account a WHERE a.owner = $1 ORDER BY a.account_id`,
      [owner],
    );
    return rows.map(toAccount);
  }

  async listBalances(scope: AccountScope, page: PageRequest): Promise<{ balances: BankingBalance[]; total: number }> {
    const rows: Array<BalanceRow & { total: string }> = await this.read(
      `SELECT b.account_id, b.current_balance, b.available_balance, b.currency, count(*) OVER () AS total
         FROM account_balance b JOIN bank_account a ON a.account_id = b.account_id
        WHERE ${IN_SCOPE} ORDER BY b.account_id LIMIT $3 OFFSET $4`,
      [scope.owner, scope.accountIds, page.pageSize, (page.page - 1) * page.pageSize],
    );
    const total = await this.totalOf(rows, () =>
      this.count('bank_account a', [IN_SCOPE], [scope.owner, scope.accountIds]),
    );
    return { balances: rows.map(toBalance), total };
  }

  async findBalance(scope: AccountScope, accountId: string): Promise<BankingBalance | null> {
    const rows: BalanceRow[] = await this.read(
      `SELECT b.account_id, b.current_balance, b.available_balance, b.currency
         FROM account_balance b JOIN bank_account a ON a.account_id = b.account_id
        WHERE ${IN_SCOPE} AND a.account_id = $3`,
      [scope.owner, scope.accountIds, accountId],
    );
    return rows[0] ? toBalance(rows[0]) : null;
  }

  /** Newest first; the account must be in scope (the caller checks it first, to answer 404). */
  async listTransactions(
    accountId: string,
    filter: TransactionFilter,
    page: PageRequest,
  ): Promise<{ transactions: BankingTransaction[]; total: number }> {
    const params: unknown[] = [accountId, filter.oldest, filter.newest];
    const where = ['t.account_id = $1', 't.posting_date_time >= $2', 't.posting_date_time <= $3'];
    if (filter.minAmount !== undefined) where.push(`t.amount >= $${params.push(filter.minAmount)}::numeric`);
    if (filter.maxAmount !== undefined) where.push(`t.amount <= $${params.push(filter.maxAmount)}::numeric`);
    if (filter.text !== undefined) {
      const pattern = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(`(t.description ILIKE $${params.push(pattern)} OR t.reference ILIKE $${params.length})`);
    }
    const filterParams = [...params];
    const rows: Array<TransactionRow & { total: string }> = await this.read(
      `SELECT t.*, count(*) OVER () AS total FROM account_transaction t WHERE ${where.join(' AND ')}
        ORDER BY t.posting_date_time DESC, t.transaction_id
        LIMIT $${params.push(page.pageSize)} OFFSET $${params.push((page.page - 1) * page.pageSize)}`,
      params,
    );
    const total = await this.totalOf(rows, () => this.count('account_transaction t', where, filterParams));
    return { transactions: rows.map(toTransaction), total };
  }

  /**
   * The seed's accounts and balances (first start only) and a year of everyday history topped up to `today`,
   * in one transaction, one process at a time. Idempotent.
   */
  async seed(seed: BankSeed, today: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock($1)`, [LOCK_KEY]);
      for (const a of seed.accounts) {
        const [inserted] = await tx.query(
          `INSERT INTO bank_account (account_id, owner, nickname, display_name, masked_number, product_category,
             product_name, open_status, is_owned, creation_date)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'OPEN', true, '2015-01-01')
           ON CONFLICT (account_id) DO NOTHING RETURNING account_id`,
          [
            a.accountId,
            a.owner,
            a.nickname,
            a.nickname,
            maskAccountNumber(a.accountId),
            a.productCategory,
            a.productName,
          ],
        );
        if (!inserted) continue;
        await tx.query(
          `INSERT INTO account_balance (account_id, current_balance, available_balance, currency) VALUES ($1, $2, $3, $4)`,
          [a.accountId, a.currentBalance, a.availableBalance, seed.currency],
        );
        const reference = referenceTransactions(seed.accounts, today, seed.currency).filter(
          (t) => t.accountId === a.accountId,
        );
        await insertTransactions(tx, reference);
      }
      const states: Array<{ account_id: string; history_until: string | null }> = await tx.query(
        `SELECT account_id, to_char(history_until, 'YYYY-MM-DD') AS history_until FROM bank_account WHERE account_id = ANY($1::text[])`,
        [seed.accounts.map((a) => a.accountId)],
      );
      const todayDay = startOfDay(today);
      for (const account of seed.accounts) {
        const until = states.find((s) => s.account_id === account.accountId)?.history_until;
        let day = until ? addDays(new Date(`${until}T00:00:00Z`), 1) : addDays(todayDay, -HISTORY_DAYS);
        const rows: SeedTransaction[] = [];
        for (; day <= todayDay; day = addDays(day, 1)) rows.push(...everydayTransactions(account, day, seed.currency));
        await insertTransactions(tx, rows);
        await tx.query(`UPDATE bank_account SET history_until = $2 WHERE account_id = $1`, [
          account.accountId,
          todayDay.toISOString().slice(0, 10),
        ]);
      }
    });
  }

  /** The window total, or (for a page past the end, where no row carries it) a count. */
  private async totalOf(rows: Array<{ total?: string }>, count: () => Promise<number>): Promise<number> {
    return rows.length ? Number(rows[0]!.total) : count();
  }

  private async count(from: string, where: string[], params: unknown[]): Promise<number> {
    const [{ count }] = await this.read<{ count: string }>(
      `SELECT count(*) FROM ${from} WHERE ${where.join(' AND ')}`,
      params,
    );
    return Number(count);
  }
}

interface BalanceRow {
  account_id: string;
  current_balance: string;
  available_balance: string;
  currency: string;
}

interface TransactionRow {
  transaction_id: string;
  account_id: string;
  type: string;
  status: string;
  description: string;
  posting_date_time: Date;
  amount: string;
  currency: string;
  reference: string;
  merchant_name: string | null;
  merchant_category_code: string | null;
}

function toAccount(r: AccountRow): BankingAccount {
  return {
    accountId: r.account_id,
    creationDate: r.creation_date,
    displayName: r.display_name,
    nickname: r.nickname,
    openStatus: r.open_status as BankingAccount['openStatus'],
    isOwned: r.is_owned,
    maskedNumber: r.masked_number,
    productCategory: r.product_category as ProductCategory,
    productName: r.product_name,
  };
}

function toBalance(r: BalanceRow): BankingBalance {
  return {
    accountId: r.account_id,
    currentBalance: r.current_balance,
    availableBalance: r.available_balance,
    currency: r.currency,
  };
}

function toTransaction(r: TransactionRow): BankingTransaction {
  const posted = r.posting_date_time.toISOString();
  return {
    accountId: r.account_id,
    transactionId: r.transaction_id,
    isDetailAvailable: false,
    type: r.type as TransactionType,
    status: r.status as BankingTransaction['status'],
    description: r.description,
    postingDateTime: posted,
    executionDateTime: posted,
    amount: r.amount,
    currency: r.currency,
    reference: r.reference,
    ...(r.merchant_name ? { merchantName: r.merchant_name } : {}),
    ...(r.merchant_category_code ? { merchantCategoryCode: r.merchant_category_code } : {}),
  };
}

async function insertTransactions(tx: EntityManager, rows: SeedTransaction[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const column = <K extends keyof SeedTransaction>(key: K) => chunk.map((r) => r[key]);
    await tx.query(
      `INSERT INTO account_transaction (transaction_id, account_id, type, status, description, posting_date_time,
         amount, currency, reference, merchant_name, merchant_category_code)
       SELECT id, account, type, 'POSTED', description, posted, amount, currency, reference, merchant, mcc
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::numeric[], $7::text[],
                     $8::text[], $9::text[], $10::text[]) AS t(id, account, type, description, posted, amount, currency,
                     reference, merchant, mcc)
       ON CONFLICT (transaction_id) DO NOTHING`,
      [
        column('transactionId'),
        column('accountId'),
        column('type'),
        column('description'),
        column('postingDateTime'),
        column('amount'),
        column('currency'),
        column('reference'),
        column('merchantName'),
        column('merchantCategoryCode'),
      ],
    );
  }
}

const startOfDay = (d: Date): Date => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
const addDays = (d: Date, days: number): Date => new Date(d.getTime() + days * 86_400_000);
