/** A bank Financroo cannot use right now (not registered yet, server down, a refused registration). */
export class BankUnavailableError extends Error {
  constructor(
    readonly bankId: string,
    readonly bankName: string,
    /** Shown to the user. */
    readonly reason: string,
  ) {
    super(`${bankName} is unavailable: ${reason}`);
    this.name = 'BankUnavailableError';
  }
}

/** The user-facing reason of a failed call to a bank (no internals: the message of fetch or openid-client). */
export function reasonOf(e: unknown): string {
  const error = e as {
    message?: string;
    cause?: { code?: string; message?: string };
    error?: string;
    error_description?: string;
    status?: number;
  };
  if (typeof error?.error === 'string')
    return error.error_description ? `${error.error}: ${error.error_description}` : error.error;
  const code = error?.cause?.code ?? (e as NodeJS.ErrnoException)?.code;
  if (code === 'ECONNREFUSED') return 'the server is not reachable (connection refused)';
  if (code === 'ENOTFOUND') return 'the server is not reachable (unknown host)';
  if (code === 'ABORT_ERR' || (e as Error)?.name === 'TimeoutError' || (e as Error)?.name === 'AbortError')
    return 'the server did not answer in time';
  if (typeof error?.message === 'string' && error.message) return error.message;
  return 'unknown error';
}
