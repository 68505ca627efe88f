import { spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { LogLines } from './log-lines';
import type { PostgresBinaries } from './postgres-binaries';
import { chownTree, type RunAs } from './postgres-os-user';

export interface ClusterSpec {
  /** The PostgreSQL data folder (`<dataDir>/postgres`). */
  clusterDir: string;
  binaries: PostgresBinaries;
  runAs: RunAs | undefined;
  superuser: string;
  password: string;
  log: LogLines;
  timeoutMs: number;
}

/**
 * Creates the cluster with initdb unless one is there (recognised by its PG_VERSION file). initdb writes into a
 * scratch folder that is renamed into place only once complete, so an interrupted initdb never leaves a
 * half-made cluster behind.
 */
export async function ensureCluster(spec: ClusterSpec): Promise<'created' | 'existing'> {
  const { clusterDir, runAs } = spec;
  if (await exists(path.join(clusterDir, 'PG_VERSION'))) {
    if (runAs && (await fs.stat(clusterDir)).uid !== runAs.uid) {
      spec.log.add(`giving ${clusterDir} to the system user "${runAs.user}"`);
      await chownTree(clusterDir, runAs);
    }
    return 'existing';
  }
  if (await exists(clusterDir)) {
    const entries = await fs.readdir(clusterDir);
    if (entries.length > 0) {
      throw new Error(
        `${clusterDir} exists but is not a PostgreSQL data folder (no PG_VERSION); move it away, or set SANDBOX_DATA_DIR to another folder`,
      );
    }
    await fs.rmdir(clusterDir);
  }

  const scratch = `${clusterDir}.initdb`;
  const pwfile = `${clusterDir}.pwfile`;
  await fs.rm(scratch, { recursive: true, force: true });
  await fs.mkdir(scratch, { mode: 0o700 });
  await fs.writeFile(pwfile, `${spec.password}\n`, { mode: 0o600 });
  try {
    if (runAs) {
      await fs.chown(scratch, runAs.uid, runAs.gid);
      await fs.chown(pwfile, runAs.uid, runAs.gid);
    }
    spec.log.add(`creating the PostgreSQL cluster in ${clusterDir}`);
    await runToCompletion(
      spec.binaries.initdb,
      [
        `--pgdata=${scratch}`,
        `--username=${spec.superuser}`,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--no-locale',
        '--no-instructions',
      ],
      { cwd: path.dirname(clusterDir), runAs, log: spec.log, timeoutMs: spec.timeoutMs, what: 'initdb' },
    );
    await fs.rename(scratch, clusterDir);
  } catch (error) {
    await fs.rm(scratch, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  } finally {
    await fs.rm(pwfile, { force: true }).catch(() => undefined);
  }
  return 'created';
}

interface RunOptions {
  cwd: string;
  runAs: RunAs | undefined;
  log: LogLines;
  timeoutMs: number;
  what: string;
}

/** Runs a program to its end, its output going to `log`; rejects on a non-zero exit or after `timeoutMs`. */
export function runToCompletion(command: string, args: string[], options: RunOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.runAs ? { uid: options.runAs.uid, gid: options.runAs.gid } : {}),
    });
    child.stdout.on('data', (chunk: Buffer) => options.log.write(chunk));
    child.stderr.on('data', (chunk: Buffer) => options.log.write(chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.what} did not finish within ${options.timeoutMs} ms${options.log.describeTail()}`));
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not run ${options.what} (${command}): ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      options.log.flush();
      if (code === 0) resolve();
      else reject(new Error(`${options.what} failed (${signal ?? `exit code ${code}`})${options.log.describeTail()}`));
    });
  });
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
