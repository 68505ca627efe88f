// Consumer Data Standards (AU), "Pagination" and the Get Transactions For Account filters: query parameters
// parsed strictly; anything malformed is a CDR error naming the parameter.
import { CdrError, PRODUCT_CATEGORIES, type ProductCategory } from '@ofs/cdr';

export interface PageRequest {
  page: number;
  pageSize: number;
}

export interface AccountFilter {
  productCategory?: ProductCategory;
  openStatus?: 'OPEN' | 'CLOSED';
  isOwned?: boolean;
}

export interface TransactionFilter {
  oldest: Date;
  newest: Date;
  minAmount?: string;
  maxAmount?: string;
  text?: string;
}

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 1000;
const DEFAULT_WINDOW_MS = 90 * 86_400_000;

type Query = Record<string, unknown>;

/** One value of a parameter: a repeated parameter is refused. */
function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new CdrError('invalidField', `${name} must be given once`);
  return value;
}

function positiveInteger(query: Query, name: string, kind: 'invalidField' | 'invalidPageSize'): number | undefined {
  const value = single(query, name);
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,8}$/.test(value)) throw new CdrError(kind, `${name} must be a positive integer`);
  return Number(value);
}

export function parsePage(query: Query): PageRequest {
  const page = positiveInteger(query, 'page', 'invalidField') ?? 1;
  const pageSize = positiveInteger(query, 'page-size', 'invalidPageSize') ?? DEFAULT_PAGE_SIZE;
  if (pageSize > MAX_PAGE_SIZE) throw new CdrError('invalidPageSize', `page-size must be at most ${MAX_PAGE_SIZE}`);
  return { page, pageSize };
}

export function parseAccountFilter(query: Query): AccountFilter {
  const filter: AccountFilter = {};
  const category = single(query, 'product-category');
  if (category !== undefined) {
    if (!(PRODUCT_CATEGORIES as readonly string[]).includes(category))
      throw new CdrError('invalidField', `product-category must be one of ${PRODUCT_CATEGORIES.join(', ')}`);
    filter.productCategory = category as ProductCategory;
  }
  const status = single(query, 'open-status');
  if (status !== undefined) {
    if (!['OPEN', 'CLOSED', 'ALL'].includes(status))
      throw new CdrError('invalidField', 'open-status must be OPEN, CLOSED or ALL');
    if (status !== 'ALL') filter.openStatus = status as 'OPEN' | 'CLOSED';
  }
  const owned = single(query, 'is-owned');
  if (owned !== undefined) {
    if (owned !== 'true' && owned !== 'false') throw new CdrError('invalidField', 'is-owned must be true or false');
    filter.isOwned = owned === 'true';
  }
  return filter;
}

/** RFC 3339 date-time with a time zone (CDR DateTimeString). */
function dateTime(query: Query, name: string): Date | undefined {
  const value = single(query, name);
  if (value === undefined) return undefined;
  const date = new Date(value);
  const parts = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i.exec(value);
  // Date would roll 2026-02-30 over to March: the day must exist in its month.
  const daysInMonth = parts ? new Date(Date.UTC(Number(parts[1]), Number(parts[2]), 0)).getUTCDate() : 0;
  if (!parts || isNaN(date.getTime()) || Number(parts[3]) < 1 || Number(parts[3]) > daysInMonth)
    throw new CdrError('invalidDateTime', `${name} must be an RFC 3339 date-time such as 2026-01-31T00:00:00Z`);
  return date;
}

/** CDR AmountString: a decimal number, optionally negative, with at most two decimals. */
function amount(query: Query, name: string): string | undefined {
  const value = single(query, name);
  if (value === undefined) return undefined;
  if (!/^-?\d{1,16}(\.\d{1,2})?$/.test(value))
    throw new CdrError('invalidField', `${name} must be an amount such as 12.50 or -12.50`);
  return value;
}

export function parseTransactionFilter(query: Query, now: Date): TransactionFilter {
  const newest = dateTime(query, 'newest-time') ?? now;
  const oldest = dateTime(query, 'oldest-time') ?? new Date(newest.getTime() - DEFAULT_WINDOW_MS);
  if (oldest > newest) throw new CdrError('invalidField', 'oldest-time must not be after newest-time');
  const filter: TransactionFilter = { oldest, newest };
  filter.minAmount = amount(query, 'min-amount');
  filter.maxAmount = amount(query, 'max-amount');
  if (
    filter.minAmount !== undefined &&
    filter.maxAmount !== undefined &&
    Number(filter.minAmount) > Number(filter.maxAmount)
  )
    throw new CdrError('invalidField', 'min-amount must not be above max-amount');
  const text = single(query, 'text');
  if (text !== undefined) {
    // eslint-disable-next-line no-control-regex
    if (text.length === 0 || text.length > 200 || /[\u0000-\u001f\u007f]/.test(text))
      throw new CdrError('invalidField', 'text must be 1 to 200 printable characters');
    filter.text = text;
  }
  return filter;
}
