import { performance } from 'node:perf_hooks';
import type { CpuSample } from './process-cpu';
import { ErrorLog } from './stats';

/** Where a benchmarked operation reports the time of its steps (for the per-step breakdown). */
export type StepTimer = (step: string, ms: number) => void;

/** Runs `call`, reporting its time as `name` (also when it fails). */
export async function timed<T>(step: StepTimer, name: string, call: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await call();
  } finally {
    step(name, performance.now() - started);
  }
}

export interface LoadOptions<W> {
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** State of one concurrent client (its DPoP key, its nonce…), made before the run starts. */
  makeWorker: (index: number) => W;
  /** One operation; throws on anything unexpected. */
  operation: (worker: W, step: StepTimer) => Promise<void>;
  /** CPU time of the server's processes, when known. */
  serverCpu?: () => CpuSample | undefined;
  /** HTTP requests sent and TLS connections opened so far (by every worker). */
  traffic?: () => Traffic;
  /** Told the first time each kind of error happens. */
  onNewError?: (message: string) => void;
}

export interface Traffic {
  requests: number;
  connections: number;
}

export interface LoadResult {
  /** Successful operations started in the measured window. */
  ops: number;
  seconds: number;
  latencies: number[];
  steps: Map<string, number[]>;
  /** Every error, in the warm-up too. */
  errors: ErrorLog;
  /** CPU seconds used in the measured window, by this process and by the server's processes. */
  cpu: { bench: number; server?: CpuSample };
  /** HTTP requests sent and TLS connections opened in the measured window. */
  traffic: Traffic;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `concurrency` async clients run `operation` back to back for warm-up + duration; only operations started
 * after the warm-up count, and the latency of each is recorded.
 */
export async function runLoad<W>(options: LoadOptions<W>): Promise<LoadResult> {
  const workers = Array.from({ length: options.concurrency }, (_, i) => options.makeWorker(i));
  const start = performance.now();
  const measureFrom = start + options.warmupMs;
  const measureTo = measureFrom + options.durationMs;
  const result: LoadResult = {
    ops: 0,
    seconds: options.durationMs / 1000,
    latencies: [],
    steps: new Map(),
    errors: new ErrorLog(),
    cpu: { bench: 0 },
    traffic: { requests: 0, connections: 0 },
  };
  const sample = () => ({
    bench: process.cpuUsage(),
    server: options.serverCpu?.(),
    traffic: options.traffic?.() ?? { requests: 0, connections: 0 },
  });
  let atStart: ReturnType<typeof sample> | undefined;
  let atEnd: ReturnType<typeof sample> | undefined;
  const startTimer = setTimeout(() => (atStart = sample()), options.warmupMs);
  const endTimer = setTimeout(() => (atEnd = sample()), options.warmupMs + options.durationMs);

  const loop = async (worker: W): Promise<void> => {
    for (let began = performance.now(); began < measureTo; began = performance.now()) {
      const steps: Array<[string, number]> = [];
      try {
        await options.operation(worker, (step, ms) => steps.push([step, ms]));
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (result.errors.add(message)) options.onNewError?.(message);
        await pause(10); // no tight loop against a failing server
        continue;
      }
      if (began < measureFrom) continue;
      result.ops++;
      result.latencies.push(performance.now() - began);
      for (const [step, ms] of steps) {
        const list = result.steps.get(step) ?? [];
        if (list.length === 0) result.steps.set(step, list);
        list.push(ms);
      }
    }
  };
  await Promise.all(workers.map(loop));
  clearTimeout(startTimer);
  clearTimeout(endTimer);
  const first = atStart ?? sample();
  const last = atEnd ?? sample();
  result.traffic = {
    requests: last.traffic.requests - first.traffic.requests,
    connections: last.traffic.connections - first.traffic.connections,
  };
  const bench = last.bench.user + last.bench.system - first.bench.user - first.bench.system;
  result.cpu.bench = bench / 1e6;
  if (first.server && last.server) {
    const apps: Record<string, number> = {};
    for (const [app, seconds] of Object.entries(last.server.apps ?? {}))
      apps[app] = seconds - (first.server.apps?.[app] ?? 0);
    result.cpu.server = {
      app: last.server.app - first.server.app,
      apps,
      db: last.server.db === undefined ? undefined : last.server.db - (first.server.db ?? 0),
      launcher: last.server.launcher - first.server.launcher,
    };
  }
  return result;
}
