import { createHash } from 'node:crypto';
import type { SeedAccount, SeedTransaction } from './bank-seed';

/*
 * A year of everyday life on the demo accounts, so that a TPP's spending insights mean something: generated
 * day by day from a PRNG seeded by (account, day), so every sandbox gets the same history for the same dates,
 * and a bank can top it up to today at each start.
 */

interface Merchant {
  name: string;
  mcc: string;
  min: number;
  max: number;
  /** Relative frequency. */
  weight: number;
  type?: SeedTransaction['type'];
}

const EVERYDAY: Merchant[] = [
  { name: 'Supermarket A', mcc: '5411', min: 18, max: 140, weight: 9 },
  { name: 'FreshMart', mcc: '5411', min: 8, max: 60, weight: 5 },
  { name: 'Corner Coffee', mcc: '5814', min: 4, max: 12, weight: 8 },
  { name: 'Noodle House', mcc: '5812', min: 15, max: 55, weight: 4 },
  { name: 'Harbour Bistro', mcc: '5812', min: 40, max: 120, weight: 2 },
  { name: 'Metro Transit', mcc: '4111', min: 3, max: 9, weight: 6 },
  { name: 'Fuel Stop', mcc: '5541', min: 45, max: 95, weight: 2 },
  { name: 'City Pharmacy', mcc: '5912', min: 9, max: 48, weight: 1 },
  { name: 'ShopOnline', mcc: '5999', min: 12, max: 180, weight: 3 },
  { name: 'Department Store', mcc: '5311', min: 25, max: 220, weight: 1 },
  { name: 'Cinema City', mcc: '7832', min: 14, max: 38, weight: 1 },
  { name: 'Gym Membership', mcc: '7997', min: 20, max: 20, weight: 0.5 },
];
const TOTAL_WEIGHT = EVERYDAY.reduce((sum, m) => sum + m.weight, 0);

/** mulberry32: small, fast, and the same on every machine. */
function prng(seed: string): () => number {
  let a = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const money = (value: number): string => value.toFixed(2);
const isoDay = (day: Date): string => day.toISOString().slice(0, 10);

/** The transactions of `account` on `day` (UTC). */
export function everydayTransactions(account: SeedAccount, day: Date, currency: string): SeedTransaction[] {
  const key = isoDay(day);
  const random = prng(`${account.accountId}:${key}`);
  const out: SeedTransaction[] = [];
  const at = (hour: number, minute: number) =>
    new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour, minute));
  const add = (t: Omit<SeedTransaction, 'transactionId' | 'accountId' | 'currency'>) =>
    out.push({
      ...t,
      transactionId: `${account.accountId}-${key.replace(/-/g, '')}-${out.length + 1}`,
      accountId: account.accountId,
      currency,
    });
  const date = day.getUTCDate();
  const lastOfMonth = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 0)).getUTCDate();

  if (account.kind === 'checkings') {
    if (date === 1)
      add({
        type: 'TRANSFER_INCOMING',
        description: 'Salary ACME Pty Ltd',
        postingDateTime: at(6, 0),
        amount: money(4200),
        reference: 'SALARY',
        merchantName: null,
        merchantCategoryCode: null,
      });
    if (date === 2)
      add({
        type: 'DIRECT_DEBIT',
        description: 'Rent',
        postingDateTime: at(7, 30),
        amount: money(-1650),
        reference: 'RENT',
        merchantName: 'Harbour Realty',
        merchantCategoryCode: '6513',
      });
    if (date === 3)
      add({
        type: 'TRANSFER_OUTGOING',
        description: 'Transfer to savings',
        postingDateTime: at(8, 0),
        amount: money(-500),
        reference: 'SAVINGS',
        merchantName: null,
        merchantCategoryCode: null,
      });
    if (date === 15)
      add({
        type: 'DIRECT_DEBIT',
        description: 'Electricity and gas',
        postingDateTime: at(9, 0),
        amount: money(-(90 + Math.round(random() * 9000) / 100)),
        reference: 'UTILITIES',
        merchantName: 'PowerCo',
        merchantCategoryCode: '4900',
      });
    if (date === 20)
      add({
        type: 'DIRECT_DEBIT',
        description: 'Mobile and internet',
        postingDateTime: at(9, 0),
        amount: money(-65),
        reference: 'PHONE',
        merchantName: 'TelcoNet',
        merchantCategoryCode: '4814',
      });
    const purchases = Math.floor(random() * 4); // 0-3 a day
    for (let i = 0; i < purchases; i++) {
      let pick = random() * TOTAL_WEIGHT;
      const merchant = EVERYDAY.find((m) => (pick -= m.weight) < 0) ?? EVERYDAY[0]!;
      const amount = merchant.min + random() * (merchant.max - merchant.min);
      add({
        type: 'PAYMENT',
        description: merchant.name,
        postingDateTime: at(8 + Math.floor(random() * 13), Math.floor(random() * 60)),
        amount: money(-amount),
        reference: 'EFTPOS',
        merchantName: merchant.name,
        merchantCategoryCode: merchant.mcc,
      });
    }
  } else if (account.kind === 'savings') {
    if (date === 3)
      add({
        type: 'TRANSFER_INCOMING',
        description: 'Transfer from checkings',
        postingDateTime: at(8, 0),
        amount: money(500),
        reference: 'SAVINGS',
        merchantName: null,
        merchantCategoryCode: null,
      });
    if (date === lastOfMonth)
      add({
        type: 'INTEREST_PAID',
        description: 'Interest',
        postingDateTime: at(23, 0),
        amount: money(2 + random() * 6),
        reference: 'INTEREST',
        merchantName: null,
        merchantCategoryCode: null,
      });
  } else {
    if (date === 28)
      add({
        type: 'TRANSFER_INCOMING',
        description: 'Loan repayment',
        postingDateTime: at(7, 0),
        amount: money(350),
        reference: 'REPAYMENT',
        merchantName: null,
        merchantCategoryCode: null,
      });
    if (date === lastOfMonth)
      add({
        type: 'INTEREST_CHARGED',
        description: 'Loan interest',
        postingDateTime: at(23, 0),
        amount: money(-(9 + random() * 4)),
        reference: 'INTEREST',
        merchantName: null,
        merchantCategoryCode: null,
      });
  }
  return out;
}

/** The reference quickstart's five transactions (descriptions and amounts), placed in the recent past. */
export function referenceTransactions(accounts: SeedAccount[], seededOn: Date, currency: string): SeedTransaction[] {
  const savings = accounts.find((a) => a.kind === 'savings');
  const checkings = accounts.find((a) => a.kind === 'checkings');
  if (!savings || !checkings) return [];
  const rows: Array<[SeedAccount, string, number, number]> = [
    [savings, 'emergency car repair', 512.97, 12],
    [checkings, 'rent payment', 800.0, 10],
    [checkings, 'dinner', 20.28, 7],
    [checkings, 'groceries', 111.2, 4],
    [checkings, 'car payment', 300.0, 2],
  ];
  return rows.map(([account, description, amount, daysAgo], i) => ({
    transactionId: `${account.accountId}-ref-${i + 1}`,
    accountId: account.accountId,
    type: 'PAYMENT',
    description,
    postingDateTime: new Date(seededOn.getTime() - daysAgo * 86_400_000),
    amount: money(-amount),
    currency,
    reference: 'EFTPOS',
    merchantName: 'Supermarket A',
    merchantCategoryCode: '5411',
  }));
}
