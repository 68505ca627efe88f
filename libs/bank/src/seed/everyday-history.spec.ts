import type { SeedAccount } from './bank-seed';
import { everydayTransactions } from './everyday-history';

const checkings: SeedAccount = {
  accountId: '96534987',
  owner: 'user',
  kind: 'checkings',
  nickname: 'Checkings Account',
  productCategory: 'TRANS_AND_SAVINGS_ACCOUNTS',
  productName: 'Everyday',
  currentBalance: '1174.23',
  availableBalance: '1174.23',
};

describe('everyday history (deterministic demo data)', () => {
  const days = Array.from({ length: 365 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 86_400_000));

  it('is the same for the same account and day, and differs between accounts', () => {
    const day = days[40]!;
    expect(everydayTransactions(checkings, day, 'AUD')).toEqual(everydayTransactions(checkings, day, 'AUD'));
    const other = days.map((d) => everydayTransactions({ ...checkings, accountId: '95120321' }, d, 'AUD').length);
    expect(other).not.toEqual(days.map((d) => everydayTransactions(checkings, d, 'AUD').length));
  });

  it('a year of checkings: salary every month, rent, and spending across merchant categories', () => {
    const year = days.flatMap((d) => everydayTransactions(checkings, d, 'AUD'));
    expect(year.filter((t) => t.description === 'Salary ACME Pty Ltd')).toHaveLength(12);
    expect(year.filter((t) => t.merchantCategoryCode === '6513')).toHaveLength(12);
    const categories = new Set(year.map((t) => t.merchantCategoryCode).filter(Boolean));
    expect(categories.size).toBeGreaterThanOrEqual(10);
    expect(new Set(year.map((t) => t.transactionId)).size).toBe(year.length);
    for (const t of year) {
      expect(t.amount).toMatch(/^-?\d+\.\d{2}$/);
      if (t.type === 'PAYMENT') expect(Number(t.amount)).toBeLessThan(0);
    }
  });
});
