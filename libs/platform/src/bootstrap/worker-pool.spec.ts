import { EventEmitter } from 'node:events';
import { restartDelayMs, WorkerPool, WorkerStartError, type PoolClock, type PoolWorker } from './worker-pool';

/** A worker process stand-in: the test plays its side of the IPC conversation. */
class FakeWorker implements PoolWorker {
  private readonly events = new EventEmitter();
  readonly stops: string[] = [];
  killed = false;

  constructor(readonly pid: number) {}

  onMessage(listener: (message: unknown) => void): void {
    this.events.on('message', listener);
  }
  onExit(listener: (code: number | null, signal: string | null) => void): void {
    this.events.on('exit', listener);
  }
  stop(signal: string): void {
    this.stops.push(signal);
  }
  kill(): void {
    this.killed = true;
  }

  ready(lines: string[] = [`api listening on https://localhost:8443 (${this.pid})`]): void {
    this.events.emit('message', { ofs: 'ready', lines });
  }
  fail(reason: string): void {
    this.events.emit('message', { ofs: 'failed', reason });
  }
  exit(code: number | null, signal: string | null = null): void {
    this.events.emit('exit', code, signal);
  }
}

/** Time moves only when the test says so; scheduled restarts run when their time comes. */
class ManualClock implements PoolClock {
  private time = 0;
  private timers: Array<{ at: number; run: () => void; cancelled: boolean }> = [];

  now(): number {
    return this.time;
  }
  schedule(run: () => void, ms: number): () => void {
    const timer = { at: this.time + ms, run, cancelled: false };
    this.timers.push(timer);
    return () => void (timer.cancelled = true);
  }
  advance(ms: number): void {
    this.time += ms;
    const due = this.timers.filter((t) => t.at <= this.time && !t.cancelled);
    this.timers = this.timers.filter((t) => !due.includes(t));
    due.forEach((t) => t.run());
  }
  get pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function poolOf(size: number) {
  const forked: FakeWorker[] = [];
  const said: string[] = [];
  const gaveUp: string[] = [];
  const clock = new ManualClock();
  const pool = new WorkerPool({
    size,
    fork: () => {
      const worker = new FakeWorker(100 + forked.length);
      forked.push(worker);
      return worker;
    },
    say: (line) => said.push(line),
    onGiveUp: (reason) => gaveUp.push(reason),
    clock,
  });
  return { pool, forked, said, gaveUp, clock };
}

async function started(size: number) {
  const setup = poolOf(size);
  const start = setup.pool.start();
  setup.forked[0]!.ready();
  await flush();
  setup.forked.slice(1).forEach((w) => w.ready());
  await start;
  return setup;
}

describe('WorkerPool: starting', () => {
  it('starts the first worker alone, and the others together once it is ready (first-start seeding never races)', async () => {
    const { pool, forked } = poolOf(3);
    const firstLines: string[][] = [];
    const start = pool.start((lines) => firstLines.push(lines));
    await flush();
    expect(forked.map((w) => w.pid)).toEqual([100]);

    forked[0]!.ready(['api listening on https://localhost:8443']);
    await flush();
    expect(forked.map((w) => w.pid)).toEqual([100, 101, 102]);
    expect(firstLines).toEqual([['api listening on https://localhost:8443']]);

    forked[1]!.ready();
    await flush();
    let done = false;
    void start.then(() => (done = true));
    await flush();
    expect(done).toBe(false);
    forked[2]!.ready();
    await start;
    expect(pool.pids).toEqual([100, 101, 102]);
    expect(firstLines).toHaveLength(1);
  });

  it('fails the start with the reason of a worker that fails', async () => {
    const { pool, forked } = poolOf(2);
    const start = pool.start();
    forked[0]!.ready();
    await flush();
    forked[1]!.fail('port already in use (listen EADDRINUSE)');
    await expect(start).rejects.toEqual(new WorkerStartError('port already in use (listen EADDRINUSE)'));
  });

  it('fails the start when a worker dies before it is ready, and never forks the others', async () => {
    const { pool, forked } = poolOf(3);
    const start = pool.start();
    forked[0]!.exit(null, 'SIGKILL');
    await expect(start).rejects.toThrow('worker 100 was killed (SIGKILL) while starting');
    expect(forked).toHaveLength(1);
  });

  it('fails the start when a ready worker dies while the others start', async () => {
    const { pool, forked } = poolOf(2);
    const start = pool.start();
    forked[0]!.ready();
    await flush();
    forked[0]!.exit(1);
    await expect(start).rejects.toThrow('worker 100 exited (code 1) while starting');
  });
});

describe('WorkerPool: stopping', () => {
  it('asks every worker to stop with the signal received and resolves once all have exited', async () => {
    const { pool, forked } = await started(2);
    let stopped = false;
    const stop = pool.stop('SIGINT').then(() => (stopped = true));
    expect(forked.map((w) => w.stops)).toEqual([['SIGINT'], ['SIGINT']]);
    forked[0]!.exit(0);
    await flush();
    expect(stopped).toBe(false);
    forked[1]!.exit(0);
    await stop;
    expect(pool.pids).toEqual([]);
  });

  it('stops once, however many signals arrive', async () => {
    const { pool, forked } = await started(2);
    const first = pool.stop('SIGINT');
    const second = pool.stop('SIGTERM');
    expect(forked.map((w) => w.stops)).toEqual([['SIGINT'], ['SIGINT']]);
    forked.forEach((w) => w.exit(0));
    await Promise.all([first, second]);
  });

  it('does not replace workers that exit while stopping, and drops a pending replacement', async () => {
    const { pool, forked, clock } = await started(2);
    forked[0]!.exit(null, 'SIGKILL');
    expect(clock.pending).toBe(1);
    const stop = pool.stop('SIGTERM');
    forked[1]!.exit(0);
    await stop;
    expect(clock.pending).toBe(0);
    clock.advance(60_000);
    expect(forked).toHaveLength(2);
  });

  it('stops the workers still starting when the start is interrupted', async () => {
    const { pool, forked } = poolOf(2);
    const start = pool.start();
    const stop = pool.stop('SIGINT');
    await expect(start).rejects.toThrow('stopped while starting');
    expect(forked[0]!.stops).toEqual(['SIGINT']);
    forked[0]!.exit(0);
    await stop;
  });

  it('kills every worker for the forced exit', async () => {
    const { pool, forked } = await started(2);
    pool.kill();
    expect(forked.map((w) => w.killed)).toEqual([true, true]);
  });
});

describe('WorkerPool: a worker that dies after the start', () => {
  it('is logged and replaced after a short backoff', async () => {
    const { pool, forked, said, clock } = await started(2);
    forked[1]!.exit(null, 'SIGKILL');
    expect(said).toEqual(['worker 101 was killed (SIGKILL); starting a new worker in 250 ms']);
    expect(pool.pids).toEqual([100]);

    clock.advance(249);
    expect(forked).toHaveLength(2);
    clock.advance(1);
    expect(forked).toHaveLength(3);
    forked[2]!.ready();
    await flush();
    expect(said.at(-1)).toBe('worker 102 ready (replaces 101)');
    expect(pool.pids).toEqual([100, 102]);
  });

  it('backs off further when crashes repeat, and gives up at the 5th within a minute', async () => {
    const { forked, said, gaveUp, clock } = await started(2);
    for (let crash = 1; crash <= 4; crash++) {
      forked.at(-1)!.exit(1);
      expect(said.at(-1)).toMatch(new RegExp(`starting a new worker in ${restartDelayMs(crash)} ms$`));
      clock.advance(restartDelayMs(crash));
      forked.at(-1)!.ready();
      await flush();
    }
    expect(gaveUp).toEqual([]);
    forked.at(-1)!.exit(1);
    expect(gaveUp).toEqual(['workers keep crashing (5 within 60 s)']);
    expect(clock.pending).toBe(0);
  });

  it('forgets crashes older than a minute', async () => {
    const { forked, gaveUp, clock } = await started(1);
    for (let crash = 1; crash <= 8; crash++) {
      forked.at(-1)!.exit(1);
      clock.advance(20_000);
      forked.at(-1)!.ready();
      await flush();
    }
    expect(gaveUp).toEqual([]);
  });

  it('counts a replacement that cannot start as a crash, with its reason', async () => {
    const { forked, said, clock } = await started(1);
    forked[0]!.exit(1);
    clock.advance(250);
    forked[1]!.fail('database unreachable');
    forked[1]!.exit(1);
    expect(said.at(-1)).toBe('worker 101 could not start (database unreachable); starting a new worker in 500 ms');
    clock.advance(500);
    expect(forked).toHaveLength(3);
  });

  it.each([
    [1, 250],
    [2, 500],
    [3, 1000],
    [4, 2000],
    [6, 5000],
  ])('waits restartDelayMs(%i) = %i ms', (crashes, ms) => {
    expect(restartDelayMs(crashes)).toBe(ms);
  });
});
