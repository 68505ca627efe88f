export interface ReadBatcherOptions {
  /** Keys in one statement at most. */
  maxBatch: number;
  /** Statements out at once at most; reads asked meanwhile wait for one to return, and go out together. */
  maxInFlight: number;
}

interface Waiter<V> {
  resolve(value: V | undefined): void;
  reject(error: unknown): void;
}

/**
 * Coalesces concurrent point reads by key into one statement (`loadMany`), the way a busy API's reads arrive:
 * what the event loop handed over in one turn goes out together (the batch is sent from `setImmediate`), and
 * while `maxInFlight` statements are out, further reads gather until one returns. One read alone goes out at
 * once, in its own statement: nothing waits for company.
 *
 * Nothing is cached or shared with a statement already sent: every read is answered by a statement sent after
 * it was asked, so a write committed before a read is asked is always seen by it (READ COMMITTED). When a
 * statement of several keys fails, each key is asked again alone, so only a read that fails by itself fails.
 */
export class ReadBatcher<K, V> {
  private gathering = new Map<K, Array<Waiter<V>>>();
  private scheduled = false;
  private inFlight = 0;

  constructor(
    private readonly loadMany: (keys: K[]) => Promise<ReadonlyMap<K, V>>,
    private readonly options: ReadBatcherOptions,
  ) {}

  load(key: K): Promise<V | undefined> {
    return new Promise<V | undefined>((resolve, reject) => {
      const waiters = this.gathering.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.gathering.set(key, [{ resolve, reject }]);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.send();
        });
      }
    });
  }

  private send(): void {
    while (this.gathering.size > 0 && this.inFlight < this.options.maxInFlight) {
      const batch = new Map<K, Array<Waiter<V>>>();
      for (const [key, waiters] of this.gathering) {
        if (batch.size === this.options.maxBatch) break;
        batch.set(key, waiters);
      }
      for (const key of batch.keys()) this.gathering.delete(key);
      this.inFlight++;
      this.run(batch);
    }
  }

  private run(batch: Map<K, Array<Waiter<V>>>): void {
    let loading: Promise<ReadonlyMap<K, V>>;
    try {
      loading = this.loadMany([...batch.keys()]);
    } catch (error) {
      loading = Promise.reject(error);
    }
    loading
      .then(
        (found) => {
          for (const [key, waiters] of batch) for (const w of waiters) w.resolve(found.get(key));
        },
        (error: unknown) => {
          if (batch.size === 1) {
            for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
            return;
          }
          // One key the database refuses must not fail the reads it was sent with: each is asked again alone,
          // in a statement sent after the failure (beyond maxInFlight for a moment).
          for (const [key, waiters] of batch) {
            this.inFlight++;
            this.run(new Map([[key, waiters]]));
          }
        },
      )
      .finally(() => {
        this.inFlight--;
        this.send();
      });
  }
}
