import { readFile } from 'node:fs/promises';
import { loadConfig } from '../config/load-config';
import type { PlatformEnv } from '../config/platform-env';
import { dataDirOf, pkiDirOf, type RuntimeConfig } from '../config/runtime-config';
import { isStopMessage, parseWorkerBrief, type WorkerMessage } from './cluster-messages';
import type { SandboxAppDefinition } from './sandbox-app';
import { runClosers, startListeners, type Closer } from './start-listeners';
import { describeStartupError } from './startup-error';

/**
 * One worker process of a clustered app: its listeners on the primary's shared ports, with the database, the
 * certificates and the migrations the primary already saw to. It reports `ready` or `failed` to the primary and
 * closes gracefully (then exits 0) when the primary says `stop`.
 */
export async function runClusterWorker<TEnv extends PlatformEnv>(
  def: SandboxAppDefinition<TEnv>,
  env: Record<string, string | undefined>,
  briefJson: string,
): Promise<void> {
  const closers: Closer[] = [];
  let stopping: Promise<void> | undefined;
  const stop = (code: number): Promise<void> => (stopping ??= runClosers(closers).then(() => process.exit(code)));
  process.on('message', (message) => {
    if (isStopMessage(message)) void stop(0);
  });
  // A Ctrl-C in a terminal signals the whole process group, workers included: the primary alone decides (it
  // forwards the stop over IPC and its exit code is the app's). Should the primary die, node:cluster ends the
  // worker when the IPC channel closes.
  const leaveItToThePrimary = (): void => undefined;
  process.on('SIGINT', leaveItToThePrimary);
  process.on('SIGTERM', leaveItToThePrimary);

  try {
    const brief = parseWorkerBrief(briefJson);
    const validated = loadConfig(def.envClass, env);
    if (!validated.DATABASE_URL) throw new Error('a cluster worker needs the DATABASE_URL its primary sets');
    const [cert, key, ca] = await Promise.all(
      [brief.certFile, brief.keyFile, brief.caFile].map((file) => readFile(file, 'utf8')),
    );
    const config: RuntimeConfig<TEnv> = {
      app: def.name,
      env: validated,
      dataDir: dataDirOf(validated),
      pkiDir: pkiDirOf(validated),
      database: { url: validated.DATABASE_URL, schema: def.schema },
      tls: { cert: cert!, key: key!, ca: ca! },
    };
    const lines: string[] = [];
    await startListeners(def, config, closers, (line) => lines.push(line));
    await tellPrimary({ ofs: 'ready', lines });
  } catch (error) {
    if (stopping) return; // stopped while starting: the stop exits
    await tellPrimary({ ofs: 'failed', reason: describeStartupError(error) });
    await stop(1);
  }
}

function tellPrimary(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}
