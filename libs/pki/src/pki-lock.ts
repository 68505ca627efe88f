import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isErrno } from './pem-files';

export const LOCK_FILE = '.lock';

export interface LockOptions {
  /** A lock file older than this is left over from a crashed process and is removed. */
  staleMs?: number;
  /** Give up waiting for the lock after this long. */
  timeoutMs?: number;
}

/**
 * Runs `fn` while holding `<dir>/.lock`, created with O_EXCL, so two processes starting at once (apps launched
 * separately share the PKI directory) don't both generate a CA and interleave their files; the second one
 * then finds the first one's files and reuses them. Generating takes milliseconds, so a lock older than
 * `staleMs` is taken to be left over from a crash.
 */
export async function withPkiLock<T>(dir: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const { staleMs = 30_000, timeoutMs = 60_000 } = options;
  const lockFile = path.join(dir, LOCK_FILE);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fs.writeFile(lockFile, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      break;
    } catch (err) {
      if (!isErrno(err, 'EEXIST')) throw err;
    }
    await removeIfStale(lockFile, staleMs);
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for the PKI lock ${lockFile}; if no sandbox app is starting, delete it`);
    }
    await sleep(10 + Math.floor(Math.random() * 40));
  }
  try {
    return await fn();
  } finally {
    await fs.rm(lockFile, { force: true });
  }
}

async function removeIfStale(lockFile: string, staleMs: number): Promise<void> {
  try {
    const { mtimeMs } = await fs.stat(lockFile);
    if (Date.now() - mtimeMs < staleMs) return;
    // Rename first so that of several waiters only one removes it.
    const aside = `${lockFile}.${randomBytes(6).toString('hex')}.stale`;
    await fs.rename(lockFile, aside);
    await fs.rm(aside, { force: true });
  } catch (err) {
    if (!isErrno(err, 'ENOENT')) throw err;
  }
}
