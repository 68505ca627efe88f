// Removes a sandbox data folder and what belongs to it elsewhere: a PostgreSQL cluster that had to live outside a
// private home folder (libs/embedded-db, outside-private-folder.ts) is reached through a symbolic link in it.
import { lstatSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';

export const SHARED_CLUSTERS = '/var/lib/ofs-sandbox/clusters/';

export function removeDataDir(dataDir) {
  for (const link of clusterLinks(dataDir, 3)) {
    const target = readlinkSync(link);
    if (isAbsolute(target) && target.startsWith(SHARED_CLUSTERS))
      rmSync(dirname(target), { recursive: true, force: true });
  }
  rmSync(dataDir, { recursive: true, force: true });
}

function* clusterLinks(dir, depth) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isSymbolicLink() && entry.name === 'postgres') yield full;
    // A cluster folder holds thousands of files and never a link of ours: not worth walking.
    else if (entry.isDirectory() && depth > 1 && entry.name !== 'postgres' && !lstatSync(full).isSymbolicLink())
      yield* clusterLinks(full, depth - 1);
  }
}
