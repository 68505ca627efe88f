import type { ProductCategory } from '@ofs/cdr';

/** What kind of everyday history an account gets. */
export type AccountKind = 'savings' | 'loan' | 'checkings';

export interface SeedAccount {
  accountId: string;
  /** The customer's subject at the bank's server, e.g. `user`. */
  owner: string;
  kind: AccountKind;
  nickname: string;
  productCategory: ProductCategory;
  productName: string;
  currentBalance: string;
  availableBalance: string;
}

/** One bank's seed data: its accounts (CONTRACT.md "Bank data"), in its currency. */
export interface BankSeed {
  currency: string;
  accounts: SeedAccount[];
}

/** A transaction as the seed produces it (the repository stores it as is). */
export interface SeedTransaction {
  transactionId: string;
  accountId: string;
  type: 'PAYMENT' | 'DIRECT_DEBIT' | 'TRANSFER_INCOMING' | 'TRANSFER_OUTGOING' | 'INTEREST_PAID' | 'INTEREST_CHARGED';
  description: string;
  postingDateTime: Date;
  amount: string;
  currency: string;
  reference: string;
  merchantName: string | null;
  merchantCategoryCode: string | null;
}

/** `************001` style: all but the last three digits hidden (the reference's masking). */
export function maskAccountNumber(accountId: string): string {
  return `${'*'.repeat(Math.max(0, 15 - 3))}${accountId.slice(-3)}`;
}
