import { merchantCategoryName } from '@ofs/cdr';
import type { TransactionRow } from '../dashboard/bank-data.service';

export interface InsightsFilter {
  /** `{bankId}:{accountId}`, or undefined for every account. */
  account?: string;
  /** Found in the description, merchant or reference (case-insensitive). */
  text?: string;
  page: number;
}

export const PAGE_SIZE = 20;

export function accountKey(bankId: string, accountId: string): string {
  return `${bankId}:${accountId}`;
}

export function filterTransactions(rows: TransactionRow[], filter: Omit<InsightsFilter, 'page'>): TransactionRow[] {
  const needle = filter.text?.trim().toLowerCase();
  return rows.filter(
    (t) =>
      (!filter.account || accountKey(t.bankId, t.accountId) === filter.account) &&
      (!needle ||
        [t.description, t.merchantName ?? '', t.reference].some((field) => field.toLowerCase().includes(needle))),
  );
}

/** Money spent (outgoing amounts, in cents) per calendar month `YYYY-MM`, oldest first, per currency. */
export function spendingByMonth(rows: TransactionRow[]): Array<{ label: string; cents: number }> {
  const sums = new Map<string, number>();
  for (const t of rows) {
    if (t.amountCents >= 0 || !t.date) continue;
    const month = t.date.slice(0, 7);
    sums.set(month, (sums.get(month) ?? 0) - t.amountCents);
  }
  return [...sums].sort(([a], [b]) => a.localeCompare(b)).map(([label, cents]) => ({ label, cents }));
}

/** Money spent per merchant category (ISO 18245 names), largest first. */
export function spendingByCategory(rows: TransactionRow[]): Array<{ label: string; cents: number }> {
  const sums = new Map<string, number>();
  for (const t of rows) {
    if (t.amountCents >= 0) continue;
    const category = merchantCategoryName(t.merchantCategoryCode);
    sums.set(category, (sums.get(category) ?? 0) - t.amountCents);
  }
  return [...sums].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).map(([label, cents]) => ({ label, cents }));
}

export function pageOf<T>(rows: T[], page: number): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  return { items: rows.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE), page: current, pages };
}
