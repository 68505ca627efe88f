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
  // The transport's error may be wrapped (openid-client's, the HTTPS client's): look down the causes.
  const chain = causesOf(e);
  const code = chain.map((c) => (c as NodeJS.ErrnoException).code).find((c) => typeof c === 'string');
  if (code === 'ECONNREFUSED') return 'the server is not reachable (connection refused)';
  if (code === 'ENOTFOUND') return 'the server is not reachable (unknown host)';
  if (
    code === 'ABORT_ERR' ||
    chain.some((c) => (c as Error).name === 'TimeoutError' || (c as Error).name === 'AbortError')
  )
    return 'the server did not answer in time';
  // Not the HTTPS client's own message: it names the (internal) URL it called; the transport error it wraps says why.
  const message = chain
    .filter((c) => (c as Error).name !== 'HttpsClientError')
    .map((c) => (c as Error).message)
    .find((m) => typeof m === 'string' && m !== '');
  if (message) return message;
  return 'unknown error';
}

function causesOf(e: unknown): object[] {
  const chain: object[] = [];
  for (let c = e; c && typeof c === 'object' && chain.length < 5; c = (c as { cause?: unknown }).cause) chain.push(c);
  return chain;
}
