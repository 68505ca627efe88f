import { Injectable } from '@nestjs/common';
import type { ReplayStore } from '@ofs/fapi';
import { ReplayJtiRepository } from './replay-jti.repository';

type Waiter = { resolve: (fresh: boolean) => void; reject: (error: unknown) => void };

/** The keys asked for during one turn of the event loop, written together. */
class Batch {
  readonly expiresAt = new Map<string, Date>();
  readonly waiters = new Map<string, Waiter[]>();

  add(key: string, expiresAt: Date): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const waiting = this.waiters.get(key);
      if (waiting) waiting.push({ resolve, reject });
      else {
        this.waiters.set(key, [{ resolve, reject }]);
        this.expiresAt.set(key, expiresAt);
      }
    });
  }
}

/**
 * RFC 7523 §3 (7), RFC 9449 §11.1: one-time JWT ids, shared by every process of the server. A key is taken
 * once; an expired key may be taken again (its row is reclaimed in the same statement).
 *
 * Every authenticated request takes one or two keys (client assertion, DPoP proof). The keys requested
 * during one turn of the event loop go to PostgreSQL in a single multi-row statement: under load that is one
 * round trip and one commit for many requests, and alone it costs nothing but a setImmediate.
 */
@Injectable()
export class PgReplayStore implements ReplayStore {
  private pending: Batch | undefined;

  constructor(private readonly keys: ReplayJtiRepository) {}

  consume(key: string, expiresAt: Date): Promise<boolean> {
    if (!this.pending) {
      this.pending = new Batch();
      setImmediate(() => void this.flush());
    }
    return this.pending.add(key, expiresAt);
  }

  private async flush(): Promise<void> {
    const batch = this.pending!;
    this.pending = undefined;
    // Sorted: concurrent statements (other processes) that share keys then lock them in the same order.
    const keys = [...batch.expiresAt.keys()].sort();
    try {
      const fresh = await this.keys.take(
        keys,
        keys.map((k) => batch.expiresAt.get(k)),
      );
      for (const [key, [first, ...replays]] of batch.waiters) {
        first!.resolve(fresh.has(key));
        // The same key twice in one batch: the second one is a replay of the first.
        for (const replay of replays) replay.resolve(false);
      }
    } catch (error) {
      for (const waiters of batch.waiters.values()) for (const waiter of waiters) waiter.reject(error);
    }
  }
}
