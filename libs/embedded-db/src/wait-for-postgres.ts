import { Client, type ClientConfig } from 'pg';
import { delay } from './process-info';

const RETRY_DELAY_MS = 250;
const MAX_ATTEMPT_MS = 5_000;
/** SQLSTATEs that retrying cannot fix (wrong password, no such role...): fail at once rather than at the timeout. */
const FATAL_CODES = new Set(['28P01', '28000']);

/**
 * Connects to `url` and runs `SELECT 1`, retrying until it works or `timeoutMs` has passed; then rejects with
 * `database unreachable at <host:port>: <last error>`. The message never contains the password (nor the URL).
 * Authentication failures reject at once, with the same message form.
 */
export async function waitForPostgres(url: string, timeoutMs: number): Promise<void> {
  const where = describeTarget(url);
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no connection attempt made';
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    const attemptMs = Math.max(100, Math.min(remaining, MAX_ATTEMPT_MS));
    try {
      await pingOnce({ connectionString: url, connectionTimeoutMillis: attemptMs, query_timeout: attemptMs });
      return;
    } catch (error) {
      lastError = redact(errorText(error), url);
      if (FATAL_CODES.has((error as { code?: string }).code ?? '')) break;
    }
    const wait = Math.min(RETRY_DELAY_MS, deadline - Date.now());
    if (wait > 0) await delay(wait);
  }
  throw new Error(`database unreachable at ${where}: ${lastError}`);
}

/** One connection + `SELECT 1`; the client is always closed. */
export async function pingOnce(config: ClientConfig): Promise<void> {
  const client = new Client(config);
  client.on('error', () => undefined); // errors after connect surface through the awaited calls
  await client.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** host:port of a postgres URL, without credentials; falls back to a neutral label for unparsable input. */
function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    const host = parsed.hostname || new URLSearchParams(parsed.search).get('host') || 'localhost';
    return `${host}:${parsed.port || '5432'}`;
  } catch {
    return 'the configured database URL (unparsable)';
  }
}

function errorText(error: unknown): string {
  if (error instanceof AggregateError && !error.message) {
    // Node reports a refused "localhost" (tried on ::1 and 127.0.0.1) as an AggregateError with an empty message.
    const first = error.errors.map(errorText).find(Boolean);
    if (first) return first;
  }
  if (error instanceof Error) return error.message || (error as NodeJS.ErrnoException).code || error.name;
  return String(error);
}

function redact(message: string, url: string): string {
  let out = message.split(url).join('<database url>');
  try {
    const password = decodeURIComponent(new URL(url).password);
    if (password) out = out.split(password).join('***');
  } catch {
    // unparsable URL: nothing more to redact
  }
  return out;
}
