import type { BankSeed } from '@ofs/bank';

/** Hyperscale Bank's customer `user` (CONTRACT.md "Bank data", REFERENCE.md b.3). */
export const HYPERSCALE_BANK_SEED: BankSeed = {
  currency: 'AUD',
  accounts: [
    {
      accountId: '2000002',
      owner: 'user',
      kind: 'savings',
      nickname: 'Savings',
      productCategory: 'TRANS_AND_SAVINGS_ACCOUNTS',
      productName: 'Hyper Saver',
      currentBalance: '2010.00',
      availableBalance: '1100.00',
    },
    {
      accountId: '2000011',
      owner: 'user',
      kind: 'loan',
      nickname: 'Loan',
      productCategory: 'PERS_LOANS',
      productName: 'Hyper Personal Loan',
      currentBalance: '3340.45',
      availableBalance: '1430.45',
    },
    {
      accountId: '95120321',
      owner: 'user',
      kind: 'checkings',
      nickname: 'Checkings',
      productCategory: 'TRANS_AND_SAVINGS_ACCOUNTS',
      productName: 'Hyper Everyday',
      currentBalance: '2175.23',
      availableBalance: '2004.23',
    },
  ],
};
