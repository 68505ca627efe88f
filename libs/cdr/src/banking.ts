// Consumer Data Standards (AU), Banking APIs: the shapes of accounts, balances and transactions, as our banks
// answer them and as TPPs read them.

export const PRODUCT_CATEGORIES = [
  'BUSINESS_LOANS',
  'CRED_AND_CHRG_CARDS',
  'LEASES',
  'MARGIN_LOANS',
  'OVERDRAFTS',
  'PERS_LOANS',
  'REGULATED_TRUST_ACCOUNTS',
  'RESIDENTIAL_MORTGAGES',
  'TERM_DEPOSITS',
  'TRADE_FINANCE',
  'TRANS_AND_SAVINGS_ACCOUNTS',
  'TRAVEL_CARDS',
] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];

export interface BankingAccount {
  accountId: string;
  /** YYYY-MM-DD */
  creationDate: string;
  displayName: string;
  nickname: string;
  openStatus: 'OPEN' | 'CLOSED';
  isOwned: boolean;
  maskedNumber: string;
  productCategory: ProductCategory;
  productName: string;
}

export interface BankingBalance {
  accountId: string;
  /** AmountString: a decimal with two places, negative for money owed. */
  currentBalance: string;
  availableBalance: string;
  creditLimit?: string;
  amortisedLimit?: string;
  currency: string;
}

export const TRANSACTION_TYPES = [
  'DIRECT_DEBIT',
  'FEE',
  'INTEREST_CHARGED',
  'INTEREST_PAID',
  'OTHER',
  'PAYMENT',
  'TRANSFER_INCOMING',
  'TRANSFER_OUTGOING',
] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

export interface BankingTransaction {
  accountId: string;
  transactionId: string;
  isDetailAvailable: boolean;
  type: TransactionType;
  status: 'PENDING' | 'POSTED';
  description: string;
  /** DateTimeString (RFC 3339), for POSTED transactions. */
  postingDateTime?: string;
  valueDateTime?: string;
  executionDateTime?: string;
  /** AmountString: negative for money leaving the account. */
  amount: string;
  currency: string;
  reference: string;
  merchantName?: string;
  merchantCategoryCode?: string;
}

/** `LinksPaginated` */
export interface CdrLinks {
  self: string;
  first?: string;
  prev?: string;
  next?: string;
  last?: string;
}

/** `MetaPaginated` */
export interface CdrMeta {
  totalRecords: number;
  totalPages: number;
}

export interface CdrPage<TData> {
  data: TData;
  links: CdrLinks;
  meta: CdrMeta;
}

export interface CdrSingle<TData> {
  data: TData;
  links: { self: string };
  meta: Record<string, never>;
}

export type AccountListResponse = CdrPage<{ accounts: BankingAccount[] }>;
export type AccountDetailResponse = CdrSingle<BankingAccount>;
export type BalanceListResponse = CdrPage<{ balances: BankingBalance[] }>;
export type BalanceResponse = CdrSingle<BankingBalance>;
export type TransactionListResponse = CdrPage<{ transactions: BankingTransaction[] }>;
