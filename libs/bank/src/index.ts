export { BankingService } from './banking/banking.service';
export { READ_ACCOUNTS, READ_BALANCES, READ_TRANSACTIONS, type ConsentedAccess } from './banking/consented-access';
export { AccountBalanceEntity } from './database/account-balance.entity';
export { AccountTransactionEntity } from './database/account-transaction.entity';
export { BankAccountEntity } from './database/bank-account.entity';
export { BankData1796400000000 } from './database/bank-data.migration';
export { BankDataRepository, type AccountScope } from './database/bank-data.repository';
export {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  parseAccountFilter,
  parsePage,
  parseTransactionFilter,
  type AccountFilter,
  type PageRequest,
  type TransactionFilter,
} from './query/cdr-query';
export { paginate } from './query/pagination';
export { maskAccountNumber, type AccountKind, type BankSeed, type SeedAccount } from './seed/bank-seed';
export { everydayTransactions } from './seed/everyday-history';
export { ACCESS_RESOLVER, type AccessResolver } from './banking/access-resolver';
export { BANK_PUBLIC_URL, BankingController } from './banking/banking.controller';
export { BankingModule, type BankingModuleOptions } from './banking/banking.module';
export { CdrErrorFilter } from './banking/cdr-error.filter';
export { ServerTiming } from './banking/server-timing';
