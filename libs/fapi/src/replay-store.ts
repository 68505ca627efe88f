// RFC 7523 §3 (7), RFC 9449 §11.1: a one-time identifier (jti) is remembered for as long as it could be accepted.
import { createHash } from 'node:crypto';

/** The seam to the shared store of used `jti` values (PostgreSQL in the app: insert … on conflict do nothing). */
export interface ReplayStore {
  /**
   * Records `key` until `expiresAt`, atomically. Resolves `true` the first time and `false` when the key is
   * already recorded and not yet expired (a replay).
   */
  consume(key: string, expiresAt: Date): Promise<boolean>;
}

/** For unit tests only: not shared between processes, never persisted. */
export class InMemoryReplayStore implements ReplayStore {
  private readonly seen = new Map<string, number>();

  constructor(private readonly clock: () => Date = () => new Date()) {}

  consume(key: string, expiresAt: Date): Promise<boolean> {
    const now = this.clock().getTime();
    for (const [k, until] of this.seen) if (until <= now) this.seen.delete(k);
    if (this.seen.has(key)) return Promise.resolve(false);
    this.seen.set(key, expiresAt.getTime());
    return Promise.resolve(true);
  }
}

/**
 * `<scope>:<base64url SHA-256 of the parts>`: fixed length whatever the (client-chosen) jti, and no ambiguity
 * between parts that contain the separator.
 */
export function replayKey(scope: string, ...parts: string[]): string {
  return `${scope}:${createHash('sha256').update(JSON.stringify(parts)).digest('base64url')}`;
}
