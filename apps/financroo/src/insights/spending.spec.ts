import {
  cents,
  formatCents,
  InvalidBankResponseError,
  parseBalances,
  parseTransactions,
} from '../bank-api/cdr-responses';
import type { TransactionRow } from '../dashboard/bank-data.service';
import { monthName, parseFilter } from './insights.controller';
import { filterTransactions, pageOf, spendingByCategory, spendingByMonth } from './spending';

const tx = (overrides: Partial<TransactionRow>): TransactionRow => ({
  accountId: '96534987',
  transactionId: 't',
  isDetailAvailable: false,
  type: 'PAYMENT',
  status: 'POSTED',
  description: 'groceries',
  amount: '-10.00',
  currency: 'AUD',
  reference: 'EFTPOS',
  bankId: 'gobank',
  bankName: 'Go Bank',
  accountName: 'Checkings Account',
  amountCents: -1000,
  date: '2026-03-05T10:00:00Z',
  ...overrides,
});

describe('amounts', () => {
  it.each([
    ['1174.23', 117423],
    ['-20.28', -2028],
    ['111.2', 11120],
    ['0', 0],
    ['-0.05', -5],
  ])('%s is %d cents, exactly', (amount, expected) => {
    expect(cents(amount)).toBe(expected);
  });

  it('formats cents back', () => {
    expect([formatCents(1203036), formatCents(-5), formatCents(0)]).toEqual(['12030.36', '-0.05', '0.00']);
  });
});

describe('spending', () => {
  const rows = [
    tx({ amountCents: -51297, merchantCategoryCode: '7538', date: '2026-03-02T00:00:00Z' }),
    tx({ amountCents: -80000, merchantCategoryCode: '6513', date: '2026-04-01T00:00:00Z' }),
    tx({ amountCents: -2028, merchantCategoryCode: '5812', date: '2026-04-03T00:00:00Z', description: 'dinner' }),
    tx({ amountCents: -11120, merchantCategoryCode: '5411', date: '2026-04-04T00:00:00Z' }),
    tx({
      amountCents: 250000,
      description: 'salary',
      date: '2026-04-15T00:00:00Z',
      bankId: 'hyperscalebank',
      accountId: '2000002',
    }),
  ];

  it('by month: outgoing amounts only, oldest month first', () => {
    expect(spendingByMonth(rows)).toEqual([
      { label: '2026-03', cents: 51297 },
      { label: '2026-04', cents: 93148 },
    ]);
  });

  it('by merchant category name, largest first; no code is Other', () => {
    expect(spendingByCategory([...rows, tx({ amountCents: -100 })])).toEqual([
      { label: 'Rent', cents: 80000 },
      { label: 'Car services', cents: 51297 },
      { label: 'Groceries', cents: 11120 },
      { label: 'Restaurants', cents: 2028 },
      { label: 'Other', cents: 100 },
    ]);
  });

  it('filters by account and by text (case-insensitive, in description, merchant or reference)', () => {
    expect(filterTransactions(rows, { account: 'hyperscalebank:2000002' }).map((t) => t.description)).toEqual([
      'salary',
    ]);
    expect(filterTransactions(rows, { text: 'DINNER' })).toHaveLength(1);
    expect(filterTransactions(rows, { text: 'eftpos', account: 'gobank:96534987' })).toHaveLength(4);
  });

  it('pages of 20, the page clamped to what exists', () => {
    const many = Array.from({ length: 45 }, (_, i) => i);
    expect(pageOf(many, 3)).toEqual({ items: [40, 41, 42, 43, 44], page: 3, pages: 3 });
    expect(pageOf(many, 9).page).toBe(3);
    expect(pageOf([], 1)).toEqual({ items: [], page: 1, pages: 1 });
  });
});

describe("the bank's CDR answers", () => {
  it.each([
    [{ data: {} }, 'data.balances is not an array'],
    [null, 'the body is not an object'],
    [
      { data: { balances: [{ accountId: '1', currentBalance: 'lots', availableBalance: '1.00' }] } },
      'data.balances[0].currentBalance is not an amount',
    ],
    [
      { data: { balances: [{ accountId: 1, currentBalance: '1.00', availableBalance: '1.00' }] } },
      'data.balances[0].accountId is not a string',
    ],
  ])('an invalid balance list %j is named', (body, what) => {
    expect(() => parseBalances(body)).toThrow(new InvalidBankResponseError(what));
  });

  it('a transaction list in the CDR shape', () => {
    const [t] = parseTransactions({
      data: {
        transactions: [
          {
            accountId: '1',
            transactionId: 'x',
            type: 'PAYMENT',
            status: 'POSTED',
            description: 'd',
            amount: '-1.50',
            currency: 'AUD',
            reference: 'r',
            postingDateTime: '2026-01-01T00:00:00Z',
          },
        ],
      },
    });
    expect(t).toMatchObject({
      amount: '-1.50',
      postingDateTime: '2026-01-01T00:00:00Z',
      merchantCategoryCode: undefined,
    });
  });
});

describe('the insights page query', () => {
  it('malformed filters count as not given; months are named', () => {
    expect(parseFilter({ account: 'gobank:96534987', text: '  rent ', page: '2' })).toEqual({
      account: 'gobank:96534987',
      text: 'rent',
      page: 2,
    });
    expect(parseFilter({ account: "x' OR 1=1", text: ['a', 'b'], page: '-1' })).toEqual({
      account: undefined,
      text: undefined,
      page: 1,
    });
    expect(monthName('2026-03')).toBe('Mar 2026');
  });
});
