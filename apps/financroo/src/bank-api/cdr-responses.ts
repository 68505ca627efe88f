import type { BankingAccount, BankingBalance, BankingTransaction } from '@ofs/cdr';

/** A bank's answer that is not the CDR shape Financroo reads (named so the user sees what was wrong). */
export class InvalidBankResponseError extends Error {
  constructor(readonly what: string) {
    super(`invalid response from the bank (${what})`);
    this.name = 'InvalidBankResponseError';
  }
}

const AMOUNT = /^-?\d{1,15}(\.\d{1,2})?$/;

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidBankResponseError(`${what} is not an object`);
  return value as Record<string, unknown>;
}

function list(body: unknown, member: string): Array<Record<string, unknown>> {
  const data = record(record(body, 'the body').data, 'data');
  const items = data[member];
  if (!Array.isArray(items)) throw new InvalidBankResponseError(`data.${member} is not an array`);
  return items.map((item, i) => record(item, `data.${member}[${i}]`));
}

function text(item: Record<string, unknown>, member: string, where: string, optional = false): string {
  const value = item[member];
  if (optional && (value === undefined || value === null)) return '';
  if (typeof value !== 'string') throw new InvalidBankResponseError(`${where}.${member} is not a string`);
  return value;
}

function amount(item: Record<string, unknown>, member: string, where: string): string {
  const value = text(item, member, where);
  if (!AMOUNT.test(value)) throw new InvalidBankResponseError(`${where}.${member} is not an amount`);
  return value;
}

/** CDR Get Accounts: the fields Financroo shows. */
export function parseAccounts(body: unknown): BankingAccount[] {
  return list(body, 'accounts').map((a, i) => {
    const where = `data.accounts[${i}]`;
    return {
      accountId: text(a, 'accountId', where),
      creationDate: text(a, 'creationDate', where, true),
      displayName: text(a, 'displayName', where),
      nickname: text(a, 'nickname', where, true),
      openStatus: a.openStatus === 'CLOSED' ? 'CLOSED' : 'OPEN',
      isOwned: a.isOwned !== false,
      maskedNumber: text(a, 'maskedNumber', where),
      productCategory: text(a, 'productCategory', where) as BankingAccount['productCategory'],
      productName: text(a, 'productName', where),
    };
  });
}

/** CDR Get Bulk Balances. */
export function parseBalances(body: unknown): BankingBalance[] {
  return list(body, 'balances').map((b, i) => {
    const where = `data.balances[${i}]`;
    return {
      accountId: text(b, 'accountId', where),
      currentBalance: amount(b, 'currentBalance', where),
      availableBalance: amount(b, 'availableBalance', where),
      currency: text(b, 'currency', where, true) || 'AUD',
    };
  });
}

/** CDR Get Transactions For Account. */
export function parseTransactions(body: unknown): BankingTransaction[] {
  return list(body, 'transactions').map((t, i) => {
    const where = `data.transactions[${i}]`;
    return {
      accountId: text(t, 'accountId', where),
      transactionId: text(t, 'transactionId', where),
      isDetailAvailable: t.isDetailAvailable === true,
      type: text(t, 'type', where) as BankingTransaction['type'],
      status: t.status === 'PENDING' ? 'PENDING' : 'POSTED',
      description: text(t, 'description', where, true),
      postingDateTime: text(t, 'postingDateTime', where, true) || undefined,
      valueDateTime: text(t, 'valueDateTime', where, true) || undefined,
      executionDateTime: text(t, 'executionDateTime', where, true) || undefined,
      amount: amount(t, 'amount', where),
      currency: text(t, 'currency', where, true) || 'AUD',
      reference: text(t, 'reference', where, true),
      merchantName: text(t, 'merchantName', where, true) || undefined,
      merchantCategoryCode: text(t, 'merchantCategoryCode', where, true) || undefined,
    };
  });
}

/** CDR `meta.totalPages` of a page (1 when absent). */
export function totalPages(body: unknown): number {
  const meta = (body as { meta?: { totalPages?: unknown } })?.meta;
  return typeof meta?.totalPages === 'number' && meta.totalPages >= 1 ? meta.totalPages : 1;
}

/** An AmountString in cents, exactly (no floating point). */
export function cents(value: string): number {
  const [whole, fraction = ''] = value.replace('-', '').split('.');
  const magnitude = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return value.startsWith('-') ? -magnitude : magnitude;
}

export function formatCents(value: number): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
