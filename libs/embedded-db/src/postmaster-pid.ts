import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { LogLines } from './log-lines';
import { isPidAlive, processArguments, waitForPidExit } from './process-info';

/**
 * Deals with a `postmaster.pid` left in the cluster by an earlier run. Call it only while holding the data-folder
 * lock: no live sandbox owns this cluster then.
 *
 * - pid dead (crash, kill -9): left alone. PostgreSQL itself recognises the stale file, and also uses it to check
 *   that no leftover backend still uses the old shared memory.
 * - pid alive and it is a postgres serving this very folder (its sandbox died without stopping it, e.g. SIGKILL):
 *   that orphan is shut down (fast, then immediate, then SIGKILL), so the new sandbox can start.
 * - pid alive but some other program (the pid was reused): PostgreSQL would refuse to start ("lock file already
 *   exists"), so the stale file is removed. This needs /proc (Linux); elsewhere PostgreSQL's own check applies.
 */
export async function clearLeftoverPostmaster(clusterDir: string, log: LogLines, timeoutMs: number): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  let content: string;
  try {
    content = await fs.readFile(pidFile, 'utf8');
  } catch {
    return;
  }
  const pid = Number.parseInt(content.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) {
    log.add(`removing an unreadable ${pidFile}`);
    await fs.rm(pidFile, { force: true });
    return;
  }
  if (!isPidAlive(pid)) return;
  const args = processArguments(pid);
  if (args === undefined) return;

  if (isPostmasterOf(args, clusterDir)) {
    log.add(`stopping PostgreSQL (pid ${pid}) left running on ${clusterDir} by an earlier sandbox`);
    for (const [signal, waitMs] of [
      ['SIGINT', timeoutMs],
      ['SIGQUIT', 5_000],
      ['SIGKILL', 5_000],
    ] as const) {
      try {
        process.kill(pid, signal);
      } catch {
        break; // gone already
      }
      if (await waitForPidExit(pid, waitMs)) return;
    }
    throw new Error(`PostgreSQL (pid ${pid}) left running on ${clusterDir} by an earlier sandbox does not stop`);
  }
  log.add(`removing stale ${pidFile} (pid ${pid} is now another program)`);
  await fs.rm(pidFile, { force: true });
}

function isPostmasterOf(args: string[], clusterDir: string): boolean {
  const program = path.basename(args[0] ?? '');
  if (program !== 'postgres' && program !== 'postmaster') return false;
  const dataIndex = args.indexOf('-D');
  const dataDir = dataIndex >= 0 ? args[dataIndex + 1] : undefined;
  return dataDir !== undefined && path.resolve(dataDir) === path.resolve(clusterDir);
}
