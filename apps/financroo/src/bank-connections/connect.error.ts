/** Why a connection to a bank was not made or cannot be used; the message is shown to the user as it is. */
export class ConnectError extends Error {
  constructor(
    readonly kind: 'rejected' | 'failed',
    readonly bankName: string,
    /** Shown to the user. */
    readonly publicMessage: string,
    /** Logged. */
    readonly detail?: string,
  ) {
    super(publicMessage);
    this.name = 'ConnectError';
  }
}

/** Calling the bank's data API failed; `unauthorized` means its tokens are no longer good (reconnect). */
export class BankDataError extends Error {
  constructor(
    readonly kind: 'unauthorized' | 'unreachable' | 'invalid' | 'error',
    /** Shown to the user. */
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'BankDataError';
  }
}
