import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { PostgresBinaries } from './postgres-binaries';
import { canSearch, type RunAs } from './postgres-os-user';

/**
 * As root, PostgreSQL runs as the `postgres` system user, which cannot enter a private home folder (e.g. /root,
 * mode 0700) holding the checkout. Rather than asking for a chmod, the server's own files go where that user can
 * reach them, under {@link SHARED_ROOT}: one copy of the binaries per PostgreSQL release, and one home per data
 * folder holding the cluster and the socket. `<dataDir>/postgres` is a symbolic link to the cluster, so the data
 * still belongs to the checkout's data folder: its lock, `npm run clean` (which removes the link's target too) and
 * a restart all work as before.
 */
export const SHARED_ROOT = '/var/lib/ofs-sandbox';

export interface ServerFiles {
  binaries: PostgresBinaries;
  clusterDir: string;
  /** The folder the socket goes into (undefined: the default, inside the data folder). */
  socketDir?: string;
}

/** Whether `runAs` can reach `dir` (every ancestor searchable). */
export async function reachable(dir: string, runAs: RunAs): Promise<boolean> {
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    if (!canSearch(await fs.stat(d), runAs)) return false;
    if (path.dirname(d) === d) return true;
  }
}

/** Relocates the server's files for a data folder the server's OS user cannot reach. */
export async function serverFilesOutside(
  dataDir: string,
  binaries: PostgresBinaries,
  runAs: RunAs,
  note: (line: string) => void,
  sharedRoot: string = SHARED_ROOT,
): Promise<ServerFiles> {
  // Root's own folders, open for entering (0755); each data folder's home is the server user's alone (0700).
  await fs.mkdir(path.join(sharedRoot, 'clusters'), { recursive: true, mode: 0o755 });
  const link = path.join(dataDir, 'postgres');
  const home = await homeOf(link, dataDir, sharedRoot);
  await fs.mkdir(home, { recursive: true, mode: 0o700 });
  await fs.chown(home, runAs.uid, runAs.gid);
  await fs.writeFile(path.join(home, 'DATA_FOLDER'), `${dataDir}\n`);
  const clusterDir = path.join(home, 'postgres');
  await linkCluster(link, clusterDir, note);
  return {
    binaries: await sharedBinaries(binaries, sharedRoot, note),
    clusterDir,
    socketDir: path.join(home, 'socket'),
  };
}

/** The data folder's home: where its link points already (a moved checkout keeps its data), or a new one. */
async function homeOf(link: string, dataDir: string, sharedRoot: string): Promise<string> {
  const target = await fs.readlink(link).catch(() => undefined);
  if (target && path.isAbsolute(target) && target.startsWith(`${sharedRoot}/clusters/`)) return path.dirname(target);
  const id = createHash('sha256')
    .update(await fs.realpath(dataDir))
    .digest('hex')
    .slice(0, 16);
  return path.join(sharedRoot, 'clusters', id);
}

/** `<dataDir>/postgres` → the cluster; a cluster made there before (e.g. as another user) is moved over first. */
async function linkCluster(link: string, clusterDir: string, note: (line: string) => void): Promise<void> {
  const stat = await fs.lstat(link).catch(() => undefined);
  if (stat?.isSymbolicLink()) {
    if ((await fs.readlink(link)) === clusterDir) return;
    await fs.unlink(link);
  } else if (stat?.isDirectory()) {
    if (await fs.stat(clusterDir).catch(() => undefined))
      throw new Error(`${link} and ${clusterDir} both hold a cluster; move one of them away`);
    note(`moving the PostgreSQL cluster from ${link} to ${clusterDir} (its owner cannot reach the data folder)`);
    await fs.cp(link, clusterDir, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    await fs.rm(link, { recursive: true, force: true });
  } else if (stat) {
    throw new Error(`${link} is in the way of the PostgreSQL cluster; move it away`);
  }
  await fs.symlink(clusterDir, link);
}

/**
 * The binaries as `runAs` can run them: where they are when it can reach them, else the shared copy. A data folder
 * it can reach (a test's scratch folder in /tmp) does not make the checkout's node_modules reachable (/root/…).
 */
export async function binariesReachableBy(
  binaries: PostgresBinaries,
  runAs: RunAs,
  note: (line: string) => void,
  sharedRoot: string = SHARED_ROOT,
): Promise<PostgresBinaries> {
  if (await reachable(binaries.postgres, runAs)) return binaries;
  await fs.mkdir(sharedRoot, { recursive: true, mode: 0o755 });
  return sharedBinaries(binaries, sharedRoot, note);
}

/** One copy of the release's binaries (bin, lib, share), readable and executable by everyone, made once. */
async function sharedBinaries(
  binaries: PostgresBinaries,
  sharedRoot: string,
  note: (line: string) => void,
): Promise<PostgresBinaries> {
  const source = path.dirname(path.dirname(binaries.postgres));
  const manifest = path.join(path.dirname(source), 'package.json');
  const release = (JSON.parse(await fs.readFile(manifest, 'utf8')) as { version: string }).version;
  const target = path.join(sharedRoot, `postgres-${release}`);
  if (!(await fs.stat(path.join(target, 'COMPLETE')).catch(() => undefined))) {
    note(`copying the PostgreSQL ${release} binaries to ${target} (the system user cannot reach node_modules)`);
    const scratch = `${target}.${process.pid}.tmp`;
    await fs.rm(scratch, { recursive: true, force: true });
    await fs.cp(source, scratch, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    await openUp(scratch);
    await fs.writeFile(path.join(scratch, 'COMPLETE'), `${release}\n`);
    await fs.rm(target, { recursive: true, force: true });
    await fs.rename(scratch, target);
  }
  const relocate = (file: string) => path.join(target, path.relative(source, file));
  return { initdb: relocate(binaries.initdb), postgres: relocate(binaries.postgres), pgCtl: relocate(binaries.pgCtl) };
}

/** Folders 0755, files readable by all (and executable by all when they are by their owner). */
async function openUp(dir: string): Promise<void> {
  await fs.chmod(dir, 0o755);
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) await openUp(full);
    else {
      const mode = (await fs.stat(full)).mode;
      await fs.chmod(full, mode & 0o100 ? 0o755 : 0o644);
    }
  }
}
