import cluster, { type Worker } from 'node:cluster';
import { CLUSTER_WORKER_ENV, type WorkerBrief } from './cluster-messages';
import type { ResolvedDatabase } from './resolve-database';
import { describeStartupError } from './startup-error';
import { WorkerPool, type PoolWorker } from './worker-pool';

export interface ClusterPrimaryOptions {
  workers: number;
  /** The environment the app was started with; each worker gets it plus DATABASE_URL and its brief. */
  env: Record<string, string | undefined>;
  database: ResolvedDatabase;
  brief: WorkerBrief;
  say(line: string): void;
  graceMs: number;
}

/**
 * The primary of a clustered app, once config, certificates, database and migrations are done: forks the workers
 * (the first alone, see {@link WorkerPool}), prints the listening lines once, replaces workers that die, and on
 * SIGINT/SIGTERM stops the workers, then the database it started, and exits 0.
 */
export async function runClusterPrimary(options: ClusterPrimaryOptions): Promise<void> {
  const { say, database } = options;
  const workerEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.env)) if (value !== undefined) workerEnv[name] = value;
  // Workers never start a database of their own: they use the one the primary resolved (or started).
  workerEnv.DATABASE_URL = database.url;
  workerEnv[CLUSTER_WORKER_ENV] = JSON.stringify(options.brief);

  let stopping = false;
  const pool: WorkerPool = new WorkerPool({
    size: options.workers,
    fork: () => poolWorker(cluster.fork(workerEnv)),
    say,
    onGiveUp: (reason) => shutdown(`stopping: ${reason}`, 1),
  });
  const shutdown = (line: string, code: number, signal: NodeJS.Signals = 'SIGTERM'): void => {
    if (stopping) return;
    stopping = true;
    say(line);
    const force = setTimeout(() => {
      pool.kill();
      process.exit(1);
    }, options.graceMs);
    force.unref();
    void pool
      .stop(signal)
      .then(() => database.stop().catch(() => undefined))
      .then(() => process.exit(code));
  };
  // process.on, not once: the terminal's Ctrl-C and `npm start`'s SIGTERM may both arrive; the first one counts.
  const onSignal = (signal: NodeJS.Signals): void => shutdown(`${signal} received, shutting down`, 0, signal);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    await pool.start((lines) => lines.forEach(say));
  } catch (error) {
    shutdown(`cannot start: ${describeStartupError(error)}`, 1);
    return;
  }
  if (!stopping) say(`${options.workers} worker processes (pids ${pool.pids.join(', ')})`);
}

function poolWorker(worker: Worker): PoolWorker {
  // A send to a worker that is exiting fails with an 'error' event; its 'exit' tells the pool what happened.
  worker.on('error', () => undefined);
  return {
    pid: worker.process.pid ?? -1,
    onMessage: (listener) => void worker.on('message', listener),
    onExit: (listener) => void worker.on('exit', listener),
    stop: (signal) => {
      if (worker.isConnected()) worker.send({ ofs: 'stop', signal });
    },
    kill: () => void worker.process.kill('SIGKILL'),
  };
}
