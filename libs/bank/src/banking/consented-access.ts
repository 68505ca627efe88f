/** What a request may read, from its token and the consent behind it (set by the bank's resource guard). */
export interface ConsentedAccess {
  /** The customer (the token's `sub`, the consent's subject). */
  subject: string;
  /** The accounts the customer chose to share. */
  accountIds: readonly string[];
  /**
   * RFC 9396 `account_information` permissions granted (ReadAccountsBasic, ReadBalances, …); null when the
   * consent carries no authorization details, where the `accounts` scope alone allows every read.
   */
  permissions: readonly string[] | null;
  /**
   * RFC 9396 §7: which of `accountIds` each permission was granted for (a detail's `accounts`; a detail without
   * any covers every shared account). Absent: every permission covers every shared account.
   */
  accountsByPermission?: Readonly<Record<string, readonly string[]>>;
  /**
   * How the token was presented (RFC 6750 `Bearer`, RFC 9449 `DPoP`): a read the consent does not allow is then
   * answered with an `insufficient_scope` challenge in that scheme (RFC 6750 §3.1).
   */
  tokenScheme?: 'DPoP' | 'Bearer';
}

export const READ_ACCOUNTS = ['ReadAccountsBasic', 'ReadAccountsDetail'] as const;
export const READ_BALANCES = ['ReadBalances'] as const;
export const READ_TRANSACTIONS = ['ReadTransactionsBasic', 'ReadTransactionsDetail'] as const;
