import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';

/** Where the lines of a start begin in an app's appended log (its size now; 0 when there is none yet). */
export function logOffset(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

const WORKERS_LINE = /\d+ worker processes \(pids [^)]*\)/;

/**
 * A clustered app answers once its first worker does; its other workers start after that one (the auth-server's
 * first seeds the database), and its primary then logs "N worker processes (pids …)". Waits for that line in
 * the app's log after `offset`: answers it, or undefined if it did not come within `timeoutMs` or the app is `gone`.
 */
export async function workersStarted(
  logFile: string,
  offset: number,
  timeoutMs: number,
  gone: () => boolean = () => false,
): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = WORKERS_LINE.exec(readFrom(logFile, offset))?.[0];
    if (line || Date.now() >= deadline || gone()) return line;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function readFrom(file: string, offset: number): string {
  if (!existsSync(file)) return '';
  const size = statSync(file).size;
  if (size <= offset) return '';
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(size - offset);
    const read = readSync(fd, buffer, 0, buffer.length, offset);
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
