import type { BankSeed } from '@ofs/bank';

/** Go Bank's customer `user` (CONTRACT.md "Bank data", REFERENCE.md b.3). */
export const GO_BANK_SEED: BankSeed = {
  currency: 'AUD',
  accounts: [
    {
      accountId: '1000001',
      owner: 'user',
      kind: 'savings',
      nickname: 'Savings Account',
      productCategory: 'TRANS_AND_SAVINGS_ACCOUNTS',
      productName: 'Go Saver',
      currentBalance: '1000.00',
      availableBalance: '1000.00',
    },
    {
      accountId: '1000002',
      owner: 'user',
      kind: 'loan',
      nickname: 'Loan Account',
      productCategory: 'PERS_LOANS',
      productName: 'Go Personal Loan',
      currentBalance: '2330.45',
      availableBalance: '2330.45',
    },
    {
      accountId: '96534987',
      owner: 'user',
      kind: 'checkings',
      nickname: 'Checkings Account',
      productCategory: 'TRANS_AND_SAVINGS_ACCOUNTS',
      productName: 'Go Everyday',
      currentBalance: '1174.23',
      availableBalance: '1174.23',
    },
  ],
};
