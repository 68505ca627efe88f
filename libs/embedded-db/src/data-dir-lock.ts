import { readFileSync, unlinkSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { delay, isPidAlive, processStartTime } from './process-info';

export const LOCK_FILE_NAME = 'sandbox.lock';

/** An exclusive claim on a data folder, held by this process until released. */
export interface DataDirLock {
  /** Absolute path of the lock file. */
  readonly path: string;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): Promise<void>;
  /** Synchronous variant for `process.on('exit')` handlers. Idempotent. */
  releaseSync(): void;
}

interface LockOwner {
  pid: number;
  startedAt: string;
  /** Kernel start time of the owning process where known (Linux), to tell a live owner from a reused pid. */
  processStart?: string;
}

/** A lock file this young that we cannot parse is probably being written by its creator right now. */
const FRESH_UNREADABLE_MS = 2_000;
const MAX_ATTEMPTS = 50;

/**
 * Takes `<dataDir>/sandbox.lock` (created with O_EXCL, holding the pid and start time), so that two sandboxes never
 * share one data folder. A lock whose process is gone (or whose pid now belongs to another process) is stale and
 * taken over; a live one makes this reject with an "already running" error.
 */
export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  const dir = path.resolve(dataDir);
  await fs.mkdir(dir, { recursive: true });
  const lockPath = path.join(dir, LOCK_FILE_NAME);
  const owner: LockOwner = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    processStart: processStartTime(process.pid),
  };
  const content = `${JSON.stringify(owner)}\n`;

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (await createExclusive(lockPath, content)) return heldLock(lockPath, content);

    const existing = await readExisting(lockPath);
    if (existing === undefined) continue; // released between our two steps: try again
    if (existing.owner && ownerIsAlive(existing.owner)) throw alreadyRunning(dir, existing.owner.pid);
    if (!existing.owner && Date.now() - existing.mtimeMs < FRESH_UNREADABLE_MS) {
      await delay(100); // its creator is still writing it
      continue;
    }
    await removeIfUnchanged(lockPath, existing.raw);
  }
  throw new Error(
    `could not take the lock ${lockPath}: another sandbox keeps claiming ${dir}; stop it first or set SANDBOX_DATA_DIR to another folder`,
  );
}

function alreadyRunning(dir: string, pid: number): Error {
  return new Error(
    `another sandbox is already running on ${dir} (pid ${pid}); stop it first or set SANDBOX_DATA_DIR to another folder`,
  );
}

async function createExclusive(lockPath: string, content: string): Promise<boolean> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(lockPath, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(content, 'utf8');
  } finally {
    await handle.close();
  }
  return true;
}

async function readExisting(
  lockPath: string,
): Promise<{ raw: string; owner: LockOwner | undefined; mtimeMs: number } | undefined> {
  try {
    const [raw, stat] = await Promise.all([fs.readFile(lockPath, 'utf8'), fs.stat(lockPath)]);
    return { raw, owner: parseOwner(raw), mtimeMs: stat.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseOwner(raw: string): LockOwner | undefined {
  try {
    const value = JSON.parse(raw) as Partial<LockOwner>;
    if (typeof value.pid !== 'number' || !Number.isInteger(value.pid) || value.pid <= 0) return undefined;
    return {
      pid: value.pid,
      startedAt: String(value.startedAt ?? ''),
      processStart: typeof value.processStart === 'string' ? value.processStart : undefined,
    };
  } catch {
    return undefined;
  }
}

function ownerIsAlive(owner: LockOwner): boolean {
  if (owner.pid === process.pid) return true; // this very process already holds it
  if (!isPidAlive(owner.pid)) return false;
  // Same pid, different process (the pid was reused after the owner died): stale.
  const current = processStartTime(owner.pid);
  return owner.processStart === undefined || current === undefined || current === owner.processStart;
}

/**
 * Removes a stale lock, but only the one we judged stale: it is first renamed aside (atomic), and if what we moved
 * turns out to be a fresh lock another process created meanwhile, it is put back.
 */
async function removeIfUnchanged(lockPath: string, staleContent: string): Promise<void> {
  const aside = `${lockPath}.${process.pid}.${Date.now()}.stale`;
  try {
    await fs.rename(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await fs.readFile(aside, 'utf8').catch(() => undefined);
  if (moved !== undefined && moved !== staleContent) {
    await fs.link(aside, lockPath).catch(() => undefined); // fails (harmlessly) if yet another lock appeared
  }
  await fs.unlink(aside).catch(() => undefined);
}

function heldLock(lockPath: string, content: string): DataDirLock {
  let released = false;
  const stillOurs = (raw: string | undefined): boolean => raw === content;
  return {
    path: lockPath,
    async release(): Promise<void> {
      if (released) return;
      released = true;
      const raw = await fs.readFile(lockPath, 'utf8').catch(() => undefined);
      if (stillOurs(raw)) await fs.unlink(lockPath).catch(() => undefined);
    },
    releaseSync(): void {
      if (released) return;
      released = true;
      try {
        if (stillOurs(readFileSync(lockPath, 'utf8'))) unlinkSync(lockPath);
      } catch {
        // Already gone.
      }
    },
  };
}
