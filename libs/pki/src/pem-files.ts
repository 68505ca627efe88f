import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Mode of private key files: readable by the owner only. */
export const KEY_FILE_MODE = 0o600;
/** Mode of certificate files. */
export const CERT_FILE_MODE = 0o644;

/** Reads a text file, or returns undefined when it doesn't exist. Other errors (e.g. EACCES) are thrown. */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return undefined;
    throw err;
  }
}

/**
 * Writes a file atomically: the content goes to a temporary file in the same directory, is flushed, and is
 * renamed over the target, so readers (and a crash) see either the old file or the complete new one.
 * Missing directories are created.
 */
export async function writeFileAtomic(file: string, content: string, mode: number): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await fs.open(tmp, 'wx', mode);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.chmod(mode); // the process umask may have narrowed or (for 0644) not matter; make it exact
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

export function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as NodeJS.ErrnoException).code === code;
}
