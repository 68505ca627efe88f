import { isWorkerMessage, type StopMessage } from './cluster-messages';

/** One worker process as the pool sees it (a node:cluster worker in production, a fake in the unit tests). */
export interface PoolWorker {
  readonly pid: number;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** Asks it to close gracefully and exit (a {@link StopMessage}). */
  stop(signal: StopMessage['signal']): void;
  /** SIGKILL, for the forced exit. */
  kill(): void;
}

export interface PoolClock {
  now(): number;
  /** Runs `run` after `ms`; returns how to cancel it. */
  schedule(run: () => void, ms: number): () => void;
}

export interface WorkerPoolOptions {
  size: number;
  fork(): PoolWorker;
  say(line: string): void;
  /** Called once when workers keep crashing: the pool has stopped replacing them and the app should stop (exit 1). */
  onGiveUp(reason: string): void;
  clock?: PoolClock;
  /** That many crashes within `crashWindowMs` and the pool gives up; default 5 within 60 s. */
  crashLimit?: number;
  crashWindowMs?: number;
}

/** Why the pool's start failed: the one line after `cannot start:`. */
export class WorkerStartError extends Error {
  override readonly name = 'WorkerStartError';
}

const realClock: PoolClock = {
  now: () => Date.now(),
  schedule: (run, ms) => {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
};

/** Delay before replacing a crashed worker, by how many crashed recently: 250 ms, doubling, at most 5 s. */
export function restartDelayMs(recentCrashes: number): number {
  return Math.min(5_000, 250 * 2 ** Math.max(0, recentCrashes - 1));
}

/**
 * The worker processes of a cluster primary. `start()` starts the first worker alone and waits until it is ready
 * (it may seed data at bootstrap), then the others together. After the start, a worker that dies is replaced
 * after a short backoff, until too many die within a minute. `stop()` asks every worker to close and waits.
 */
export class WorkerPool {
  private readonly live = new Map<PoolWorker, 'starting' | 'ready'>();
  private readonly clock: PoolClock;
  private readonly crashLimit: number;
  private readonly crashWindowMs: number;
  private crashes: number[] = [];
  private readonly pendingRestarts = new Set<() => void>();
  private readonly exitWaiters: Array<() => void> = [];
  private started = false;
  private stopping: Promise<void> | undefined;
  private failStart: ((reason: string) => void) | undefined;

  constructor(private readonly options: WorkerPoolOptions) {
    this.clock = options.clock ?? realClock;
    this.crashLimit = options.crashLimit ?? 5;
    this.crashWindowMs = options.crashWindowMs ?? 60_000;
  }

  /** pids of the running workers (starting or ready). */
  get pids(): number[] {
    return [...this.live.keys()].map((w) => w.pid);
  }

  /**
   * Resolves once `size` workers are ready; `firstReady` gets the first one's `listening on` lines as soon as it
   * is. Rejects with a {@link WorkerStartError} when a worker fails or exits before then (the caller stops the pool).
   */
  async start(firstReady: (lines: string[]) => void = () => undefined): Promise<void> {
    const failed = new Promise<never>((_resolve, reject) => {
      this.failStart = (reason) => reject(new WorkerStartError(reason));
    });
    failed.catch(() => undefined);
    try {
      const first = await Promise.race([this.launch(), failed]);
      firstReady(first.lines);
      const others = Array.from({ length: this.options.size - 1 }, () => this.launch());
      await Promise.race([Promise.all(others), failed]);
      this.started = true;
    } finally {
      this.failStart = undefined;
    }
  }

  /** Asks every worker to close gracefully (once); resolves when none is left. Pending replacements are dropped. */
  stop(signal: StopMessage['signal']): Promise<void> {
    this.stopping ??= (async () => {
      for (const cancel of this.pendingRestarts) cancel();
      this.pendingRestarts.clear();
      this.failStart?.('stopped while starting');
      for (const worker of this.live.keys()) worker.stop(signal);
      while (this.live.size > 0) await new Promise<void>((resolve) => this.exitWaiters.push(resolve));
    })();
    return this.stopping;
  }

  /** SIGKILL to every worker (the forced exit after the grace period). */
  kill(): void {
    for (const worker of this.live.keys()) worker.kill();
  }

  private launch(): Promise<{ pid: number; lines: string[] }> {
    const worker = this.options.fork();
    this.live.set(worker, 'starting');
    let failure: string | undefined;
    return new Promise((resolve) => {
      worker.onMessage((message) => {
        if (!isWorkerMessage(message)) return;
        if (message.ofs === 'ready' && this.live.get(worker) === 'starting') {
          this.live.set(worker, 'ready');
          resolve({ pid: worker.pid, lines: message.lines });
        } else if (message.ofs === 'failed') {
          failure = message.reason;
          this.failStart?.(message.reason);
        }
      });
      worker.onExit((code, signal) => this.exited(worker, failure, describeExit(code, signal)));
    });
  }

  private exited(worker: PoolWorker, failure: string | undefined, how: string): void {
    const state = this.live.get(worker);
    this.live.delete(worker);
    for (const wake of this.exitWaiters.splice(0)) wake();
    if (this.stopping) return;
    if (!this.started) {
      this.failStart?.(failure ?? `worker ${worker.pid} ${how} while starting`);
      return;
    }
    const now = this.clock.now();
    this.crashes = [...this.crashes.filter((t) => now - t < this.crashWindowMs), now];
    const what =
      state === 'ready' ? `worker ${worker.pid} ${how}` : `worker ${worker.pid} could not start (${failure ?? how})`;
    if (this.crashes.length >= this.crashLimit) {
      this.options.say(`${what}; ${this.crashes.length} crashes within ${this.crashWindowMs / 1000} s, giving up`);
      this.options.onGiveUp(`workers keep crashing (${this.crashes.length} within ${this.crashWindowMs / 1000} s)`);
      return;
    }
    const delay = restartDelayMs(this.crashes.length);
    this.options.say(`${what}; starting a new worker in ${delay} ms`);
    const cancel = this.clock.schedule(() => {
      this.pendingRestarts.delete(cancel);
      void this.launch().then(({ pid }) => this.options.say(`worker ${pid} ready (replaces ${worker.pid})`));
    }, delay);
    this.pendingRestarts.add(cancel);
  }
}

function describeExit(code: number | null, signal: string | null): string {
  return signal ? `was killed (${signal})` : `exited (code ${code ?? 'unknown'})`;
}
