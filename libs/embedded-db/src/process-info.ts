import { readFileSync } from 'node:fs';

/**
 * Whether a process with this id exists (EPERM means it exists but belongs to another user). A zombie (exited, not
 * yet reaped: common for orphans whose new parent is a container's init) counts as dead where /proc tells.
 */
export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return procStatFields(pid)?.[0] !== 'Z';
}

/** Fields of /proc/<pid>/stat from field 3 (state) on, or undefined where there is no /proc or no such process. */
function procStatFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) is parenthesised and may contain spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/**
 * The kernel's start time of a process (clock ticks since boot, from /proc/<pid>/stat), or undefined where there
 * is no /proc (macOS, Windows) or no such process. Together with the pid it identifies a process even after the
 * pid has been reused (pid_max is often 32768 in containers).
 */
export function processStartTime(pid: number): string | undefined {
  return procStatFields(pid)?.[22 - 3];
}

/** The command line of a process as its arguments, or undefined where there is no /proc or no such process. */
export function processArguments(pid: number): string[] | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((arg) => arg !== '');
  } catch {
    return undefined;
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until the process is gone; true when it went away within `timeoutMs`. */
export async function waitForPidExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isPidAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await delay(100);
  }
  return true;
}
