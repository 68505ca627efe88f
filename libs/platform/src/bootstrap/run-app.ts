import cluster from 'node:cluster';
import { ensureStandardSandboxPki } from '@ofs/pki';
import { loadConfig } from '../config/load-config';
import type { PlatformEnv } from '../config/platform-env';
import { dataDirOf, pkiDirOf, type RuntimeConfig } from '../config/runtime-config';
import { migrateDatabase } from '../database/migrate-database';
import { CLUSTER_WORKER_ENV, type WorkerBrief } from './cluster-messages';
import { runClusterPrimary, type ClusterPrimaryOptions } from './cluster-primary';
import { runClusterWorker } from './cluster-worker';
import { resolveDatabase, type ResolvedDatabase } from './resolve-database';
import type { SandboxAppDefinition } from './sandbox-app';
import { runClosers, startListeners, type Closer } from './start-listeners';
import { describeStartupError } from './startup-error';

const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Starts an app as `npm start` does; the process exits non-zero with one clear line when it cannot.
 *
 * With `def.workers(env)` > 1 this process is a node:cluster primary: it does the once-only work (config,
 * certificates, database, migrations) and forks that many workers, which run this same entry script, land here
 * again (told apart by {@link CLUSTER_WORKER_ENV}) and serve the listeners on the shared ports.
 */
export async function runApp<TEnv extends PlatformEnv>(
  def: SandboxAppDefinition<TEnv>,
  env: Record<string, string | undefined> = process.env,
): Promise<void> {
  const workerBrief = env[CLUSTER_WORKER_ENV];
  if (workerBrief !== undefined && cluster.isWorker) return runClusterWorker(def, env, workerBrief);

  const say = (line: string): void => void process.stderr.write(`${def.name}: ${line}\n`);
  const closers: Closer[] = [];
  let database: ResolvedDatabase | undefined;
  let primary: ClusterPrimaryOptions | undefined;
  try {
    const validated = loadConfig(def.envClass, env);
    const workers = workerCountOf(def, validated);
    const dataDir = dataDirOf(validated);
    const pki = await ensureStandardSandboxPki(pkiDirOf(validated));
    const server = pki.servers[def.name];
    if (!server) throw new Error(`the sandbox PKI has no server certificate for ${def.name}`);
    database = await resolveDatabase(validated, dataDir, say);
    const config: RuntimeConfig<TEnv> = {
      app: def.name,
      env: validated,
      dataDir,
      pkiDir: pkiDirOf(validated),
      database: { url: database.url, schema: def.schema },
      tls: { cert: server.cert, key: server.key, ca: pki.ca },
    };
    await migrateDatabase(config.database.url, { ...def.database, schema: def.schema }, def.name);
    if (workers > 1) {
      const brief: WorkerBrief = { certFile: server.certFile, keyFile: server.keyFile, caFile: pki.caFile };
      primary = { workers, brief, env, database, say, graceMs: SHUTDOWN_GRACE_MS };
    } else {
      await startListeners(def, config, closers, say);
    }
  } catch (error) {
    say(`cannot start: ${describeStartupError(error)}`);
    await shutdown(closers, database);
    process.exit(1);
  }

  if (primary) return runClusterPrimary(primary);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    say(`${signal} received, shutting down`);
    const force = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS);
    force.unref();
    void shutdown(closers, database).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function workerCountOf<TEnv extends PlatformEnv>(def: SandboxAppDefinition<TEnv>, env: TEnv): number {
  const workers = def.workers?.(env) ?? 1;
  if (!Number.isInteger(workers) || workers < 1) {
    throw new Error(`${def.name} asks for ${String(workers)} worker processes; it takes a whole number, 1 or more`);
  }
  return workers;
}

async function shutdown(closers: readonly Closer[], database: ResolvedDatabase | undefined): Promise<void> {
  await runClosers(closers);
  await database?.stop().catch(() => undefined);
}
