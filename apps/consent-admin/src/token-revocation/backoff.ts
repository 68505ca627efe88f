/** Exponential backoff of the token-revocation deliveries: 2 s, 4 s, 8 s, … capped at 5 minutes. */
export const BACKOFF = { baseMs: 2_000, maxMs: 5 * 60_000 } as const;

/** When attempt number `attempts + 1` is due, `attempts` having failed so far (the last one at `failedAt`). */
export function nextAttemptAt(attempts: number, failedAt: Date): Date {
  const delay = Math.min(BACKOFF.baseMs * 2 ** Math.max(0, attempts - 1), BACKOFF.maxMs);
  return new Date(failedAt.getTime() + delay);
}
