import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds used so far by the sandbox's processes. */
export interface CpuSample {
  /** The apps' own Node.js processes, together. */
  app: number;
  /** The same by app (`auth-server`, `consent-admin`, `go-bank`…: its main.js and its cluster workers). */
  apps?: Record<string, number>;
  /** PostgreSQL: the postmaster and its backends; undefined for a database the sandbox did not start. */
  db?: number;
  /** `start.js` itself, which copies the app's JSON logs to its log file. */
  launcher: number;
}

/** Linux clock ticks per second (USER_HZ), 100 on every mainstream kernel. */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  seconds: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm is in parentheses and may contain spaces: split after the last ')'.
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const fields = text
      .slice(close + 2)
      .split(' ')
      .map(Number);
    // fields[0] is state (NaN here); ppid is field 4 of stat, utime 14, stime 15, cutime 16, cstime 17 → offsets
    // 1, 11, 12, 13, 14. The children's times are those of exited children it waited for (a PostgreSQL backend
    // whose connection closed, reaped by the postmaster): without them a sum over the live processes drops.
    const seconds = fields[11]! + fields[12]! + fields[13]! + fields[14]!;
    return { pid, ppid: fields[1]!, comm, seconds: seconds / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

/**
 * Samples the CPU time of `rootPid` (the spawned `start.js`) and its descendants: node processes count as the
 * app, postgres processes as the database. undefined where /proc is not available (not Linux).
 */
export function sandboxCpu(rootPid: number, embeddedDb: boolean): CpuSample | undefined {
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return undefined;
  }
  const stats = pids.map(readStat).filter((s): s is ProcStat => s !== undefined);
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const root = stats.find((s) => s.pid === rootPid);
  if (!root) return undefined;
  const sample = { app: 0, db: 0, launcher: root.seconds, apps: {} as Record<string, number> };
  const queue = [...(children.get(rootPid) ?? [])];
  while (queue.length) {
    const s = queue.shift()!;
    if (s.comm.startsWith('postgres')) sample.db += s.seconds;
    else if (s.comm.startsWith('node')) {
      sample.app += s.seconds;
      const app = appOf(s.pid);
      if (app) sample.apps[app] = (sample.apps[app] ?? 0) + s.seconds;
    }
    queue.push(...(children.get(s.pid) ?? []));
  }
  return embeddedDb ? sample : { ...sample, db: undefined };
}

/** The app a node process runs, from its command line (`…/apps/<app>/src/main.js`). */
function appOf(pid: number): string | undefined {
  try {
    return /\/apps\/([\w-]+)\/src\/main\.js/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}
