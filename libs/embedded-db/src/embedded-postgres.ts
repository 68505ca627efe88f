import { spawn, type ChildProcess } from 'node:child_process';
import { chown, mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { ClientConfig } from 'pg';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock';
import { ensureDatabase } from './ensure-database';
import { LogLines } from './log-lines';
import { assertPortFree, portInUseError } from './port-check';
import { resolvePostgresBinaries, type PostgresBinaries } from './postgres-binaries';
import { ensureCluster, runToCompletion } from './postgres-cluster';
import { binariesReachableBy, serverFilesOutside, reachable } from './outside-private-folder';
import { ensureReachableBy, resolveRunAs, type RunAs } from './postgres-os-user';
import { clearLeftoverPostmaster } from './postmaster-pid';
import { delay } from './process-info';
import { pingOnce } from './wait-for-postgres';

export const EMBEDDED_PG_DEFAULT_PORT = 54329;
export const EMBEDDED_PG_DEFAULT_DATABASE = 'sandbox';
/** Fixed credentials of the embedded cluster's superuser. Fine because the server listens on 127.0.0.1 only. */
export const EMBEDDED_PG_USER = 'sandbox';
export const EMBEDDED_PG_PASSWORD = 'sandbox';
export const EMBEDDED_PG_HOST = '127.0.0.1';
/** Folder, inside the data folder, that holds the cluster. */
export const EMBEDDED_PG_CLUSTER_DIR = 'postgres';
/** Folder, inside the data folder, of the server's Unix socket (what the apps connect through). */
export const EMBEDDED_PG_SOCKET_DIR = 'postgres-socket';
/** sun_path holds 108 bytes with its NUL; the socket's name `.s.PGSQL.<port>` takes up to 15 of them. */
const MAX_SOCKET_DIR_LENGTH = 90;
/**
 * Room for every app's pool at once: five apps of up to 20 connections each, the auth-server's per worker (at most
 * four), plus LISTEN connections and tools.
 */
export const EMBEDDED_PG_MAX_CONNECTIONS = 300;

/**
 * The URL of the embedded server on `port` (what `startEmbeddedPostgres(...).url` is), for tools that connect to
 * the server of a running sandbox (e.g. the TypeORM CLI).
 */
export function embeddedPostgresUrl(
  port: number,
  database: string = EMBEDDED_PG_DEFAULT_DATABASE,
  socketDir?: string,
): string {
  const user = encodeURIComponent(EMBEDDED_PG_USER);
  const password = encodeURIComponent(EMBEDDED_PG_PASSWORD);
  const url = `postgres://${user}:${password}@${EMBEDDED_PG_HOST}:${port}/${encodeURIComponent(database)}`;
  // node-postgres (pg-connection-string) takes a `host` parameter that starts with / as the socket's folder.
  return socketDir ? `${url}?host=${encodeURIComponent(socketDir)}` : url;
}
/** Alias of {@link embeddedPostgresUrl}, under the name ormconfig.ts imports. */
export const EMBEDDED_POSTGRES_URL = embeddedPostgresUrl;

const DEFAULT_START_TIMEOUT_MS = 30_000;
const STOP_FAST_MS = 30_000;
const FALLBACK_POLL_MS = 500;
const STOP_IMMEDIATE_MS = 5_000;

export interface EmbeddedPostgresOptions {
  /** The sandbox's data folder: the cluster lives in `<dataDir>/postgres`, the lock in `<dataDir>/sandbox.lock`. */
  dataDir: string;
  /** TCP port on 127.0.0.1; default 54329. */
  port?: number;
  /** Database to create (if missing) and to put in `url`; default `sandbox`. */
  database?: string;
  /** Receives PostgreSQL's (and initdb's) output line by line; default: dropped (the last lines still go into errors). */
  log?: (line: string) => void;
  /** Bound on each startup phase (initdb, server start); default 30 s. */
  startTimeoutMs?: number;
}

export interface EmbeddedPostgres {
  /**
   * `postgres://sandbox:sandbox@127.0.0.1:<port>/<database>?host=<socket folder>`: node-postgres connects through
   * the Unix socket (cheaper per query than loopback TCP); without the socket (a data folder whose path is too
   * long for one), over TCP.
   */
  readonly url: string;
  /** The same server over TCP on 127.0.0.1, for tools that take only host and port. */
  readonly tcpUrl: string;
  readonly port: number;
  /** pid of the postmaster. */
  readonly pid: number;
  /** The cluster folder (`<dataDir>/postgres`). */
  readonly clusterDir: string;
  /** Fast shutdown (SIGINT; escalates to immediate, then SIGKILL, if it hangs), then releases the lock. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Runs the sandbox's own PostgreSQL (binaries from the embedded-postgres package) on `<dataDir>/postgres`, creating
 * the cluster on first use, listening on 127.0.0.1:<port> and on a Unix socket in the data folder. Rejects with a clear message
 * when another sandbox holds the data folder, when the port is taken, or when the server does not come up in time.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const port = opts.port ?? EMBEDDED_PG_DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`invalid port ${String(port)} for the sandbox's PostgreSQL; set SANDBOX_PG_PORT to 1-65535`);
  }
  const database = opts.database ?? EMBEDDED_PG_DEFAULT_DATABASE;
  if (database === '') throw new Error('the embedded PostgreSQL database name must not be empty');
  const timeoutMs = opts.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  const dataDir = path.resolve(opts.dataDir);
  let clusterDir = path.join(dataDir, EMBEDDED_PG_CLUSTER_DIR);
  const log = new LogLines(opts.log);
  const admin: ClientConfig = {
    host: EMBEDDED_PG_HOST,
    port,
    user: EMBEDDED_PG_USER,
    password: EMBEDDED_PG_PASSWORD,
    connectionTimeoutMillis: 2_000,
  };

  const lock = await acquireDataDirLock(dataDir);
  let server: ServerProcess | undefined;
  let socketDir: string | undefined;
  try {
    let binaries = resolvePostgresBinaries();
    const runAs = await resolveRunAs((line) => log.add(line));
    let sharedSocketDir: string | undefined;
    if (runAs && !(await reachable(dataDir, runAs))) {
      // Root in a private home folder: the server's files go where its OS user can reach them.
      ({
        binaries,
        clusterDir,
        socketDir: sharedSocketDir,
      } = await serverFilesOutside(dataDir, binaries, runAs, (l) => log.add(l)));
    } else if (runAs) {
      await ensureReachableBy(dataDir, runAs);
      binaries = await binariesReachableBy(binaries, runAs, (l) => log.add(l));
    }
    await ensureCluster({
      clusterDir,
      binaries,
      runAs,
      superuser: EMBEDDED_PG_USER,
      password: EMBEDDED_PG_PASSWORD,
      log,
      timeoutMs,
    });
    await clearLeftoverPostmaster(clusterDir, log, timeoutMs);
    await assertPortFree(port, EMBEDDED_PG_HOST);
    socketDir = await prepareSocketDir(sharedSocketDir ?? path.join(dataDir, EMBEDDED_PG_SOCKET_DIR), runAs);
    server = await launch({ binaries, clusterDir, dataDir, socketDir, port, runAs, log, timeoutMs, admin });
    await ensureDatabase({ ...admin, database: 'postgres' }, database);
  } catch (error) {
    await server?.shutdown();
    await lock.release();
    throw error;
  }
  return handleFor(server, lock, { port, database, clusterDir, socketDir, log });
}

function handleFor(
  server: ServerProcess,
  lock: DataDirLock,
  info: { port: number; database: string; clusterDir: string; socketDir: string | undefined; log: LogLines },
): EmbeddedPostgres {
  let stopping: Promise<void> | undefined;
  // Safety net when the process exits without stop() (process.exit(), an uncaught error): ask PostgreSQL for a
  // fast shutdown, which it completes on its own, and drop the lock. Adds no signal handling (see stopOnExit).
  const onProcessExit = (): void => {
    server.signal('SIGINT');
    lock.releaseSync();
  };
  process.on('exit', onProcessExit);
  server.child.once('exit', (code, signal) => {
    if (!stopping) info.log.add(`PostgreSQL exited unexpectedly (${signal ?? `exit code ${code}`})`);
  });

  return {
    url: embeddedPostgresUrl(info.port, info.database, info.socketDir),
    tcpUrl: embeddedPostgresUrl(info.port, info.database),
    port: info.port,
    pid: server.pid,
    clusterDir: info.clusterDir,
    stop(): Promise<void> {
      stopping ??= (async () => {
        try {
          await server.shutdown();
        } finally {
          process.removeListener('exit', onProcessExit);
          await lock.release();
        }
      })();
      return stopping;
    },
  };
}

interface LaunchSpec {
  binaries: PostgresBinaries;
  clusterDir: string;
  dataDir: string;
  /** Where the server puts its Unix socket; none when undefined. */
  socketDir: string | undefined;
  port: number;
  runAs: RunAs | undefined;
  log: LogLines;
  timeoutMs: number;
  admin: ClientConfig;
}

/** Starts the postmaster and waits (bounded) until it accepts a connection. */
async function launch(spec: LaunchSpec): Promise<ServerProcess> {
  const deadline = Date.now() + spec.timeoutMs;
  for (;;) {
    const server = new ServerProcess(spec);
    const outcome = await server.waitUntilReady(deadline, spec.admin);
    if (outcome === 'ready') return server;
    if (outcome === 'timeout') {
      await server.shutdown();
      throw new Error(
        `PostgreSQL did not become ready on ${EMBEDDED_PG_HOST}:${spec.port} within ${spec.timeoutMs / 1000} s` +
          spec.log.describeTail(),
      );
    }
    // It exited while starting.
    if (spec.log.includes(/could not bind .*Address already in use|could not create any TCP\/IP sockets/i)) {
      throw portInUseError(spec.port, EMBEDDED_PG_HOST);
    }
    // Backends of a server killed with -9 can outlive it for a moment; PostgreSQL then refuses to start.
    if (spec.log.includes(/pre-existing shared memory block .* is still in use/) && Date.now() + 500 < deadline) {
      spec.log.add('waiting for the backends of the previous PostgreSQL to exit');
      await delay(500);
      continue;
    }
    throw new Error(`PostgreSQL exited while starting (${server.exitDescription()})${spec.log.describeTail()}`);
  }
}

/**
 * The socket's folder (`<dataDir>/postgres-socket`, or beside a relocated cluster), made and handed to the server's OS user; undefined (TCP only) when the path is too
 * long for a socket or holds characters PostgreSQL's list setting would split or quote.
 */
async function prepareSocketDir(dir: string, runAs: RunAs | undefined): Promise<string | undefined> {
  if (dir.length > MAX_SOCKET_DIR_LENGTH || !/^[\w./-]+$/.test(dir)) return undefined;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (runAs) await chown(dir, runAs.uid, runAs.gid);
  return dir;
}

/** The postmaster child process. */
class ServerProcess {
  readonly child: ChildProcess;
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exited: Promise<void>;

  constructor(private readonly spec: LaunchSpec) {
    this.child = spawn(
      spec.binaries.postgres,
      [
        '-D',
        spec.clusterDir,
        '-p',
        String(spec.port),
        '-c',
        `listen_addresses=${EMBEDDED_PG_HOST}`,
        '-c',
        `unix_socket_directories=${spec.socketDir ?? ''}`,
        '-c',
        // Every app of `npm start` keeps a pool (the auth-server one per worker): PostgreSQL's default of 100 is
        // exhausted under load ("sorry, too many clients already").
        `max_connections=${EMBEDDED_PG_MAX_CONNECTIONS}`,
        '-c',
        'logging_collector=off',
        '-c',
        'log_destination=stderr',
      ],
      {
        cwd: spec.dataDir,
        stdio: ['ignore', 'pipe', 'pipe'],
        // Own process group: a Ctrl-C in the terminal reaches Node only, which then stops the apps before the
        // database (instead of PostgreSQL shutting down under them).
        detached: process.platform !== 'win32',
        ...(spec.runAs ? { uid: spec.runAs.uid, gid: spec.runAs.gid } : {}),
      },
    );
    // Output is read for the server's whole life (a full pipe would block PostgreSQL).
    this.child.stdout?.on('data', (chunk: Buffer) => spec.log.write(chunk));
    this.child.stderr?.on('data', (chunk: Buffer) => spec.log.write(chunk));
    this.exited = new Promise((resolve) => {
      this.child.once('error', (error) => {
        spec.log.add(`could not run ${spec.binaries.postgres}: ${error.message}`);
        this.exitInfo ??= { code: null, signal: null };
        resolve();
      });
      // 'exit', not 'close': after a kill -9 of the postmaster its backends keep the output pipe open a little longer.
      this.child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve();
      });
    });
    this.child.once('close', () => spec.log.flush());
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.exitInfo === undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  exitDescription(): string {
    const info = this.exitInfo;
    if (!info) return 'still running';
    return info.signal ? `signal ${info.signal}` : `exit code ${info.code ?? 'unknown'}`;
  }

  signal(signal: NodeJS.Signals): void {
    if (!this.running) return;
    try {
      this.child.kill(signal);
    } catch {
      // already gone
    }
  }

  /**
   * Readiness is a successful connection. Attempts follow PostgreSQL's "ready to accept connections" line (the
   * cluster's lc_messages is C), with a slow fallback poll that does not depend on that text; each early attempt
   * costs a "the database system is starting up" line in the log, hence not a fast poll.
   */
  async waitUntilReady(deadline: number, admin: ClientConfig): Promise<'ready' | 'exited' | 'timeout'> {
    let settled = false;
    const readyLine = this.spec.log.watch(/database system is ready to accept connections/);
    const exited = this.exited.then(() => 'exited' as const);
    const poll = (async (): Promise<'ready' | 'timeout'> => {
      let hinted = false;
      while (!settled && Date.now() < deadline) {
        await Promise.race([readyLine.seen.then(() => (hinted = true)), delay(FALLBACK_POLL_MS), this.exited]);
        if (settled) break;
        try {
          await pingOnce({ ...admin, database: 'postgres' });
          return 'ready';
        } catch {
          if (hinted) await delay(50);
        }
      }
      return 'timeout';
    })();
    try {
      return await Promise.race([exited, poll]);
    } finally {
      settled = true;
      readyLine.cancel();
    }
  }

  /** Fast shutdown, escalating to immediate shutdown and then SIGKILL if PostgreSQL does not exit in time. */
  async shutdown(): Promise<void> {
    if (!this.running) return;
    if (process.platform === 'win32') {
      // Node's kill() is TerminateProcess on Windows (a crash, for PostgreSQL); pg_ctl asks nicely.
      await runToCompletion(this.spec.binaries.pgCtl, ['stop', '-D', this.spec.clusterDir, '-m', 'fast', '-w'], {
        cwd: this.spec.dataDir,
        runAs: undefined,
        log: this.spec.log,
        timeoutMs: STOP_FAST_MS,
        what: 'pg_ctl stop',
      }).catch(() => undefined);
    }
    for (const [signal, waitMs] of [
      ['SIGINT', STOP_FAST_MS],
      ['SIGQUIT', STOP_IMMEDIATE_MS],
      ['SIGKILL', STOP_IMMEDIATE_MS],
    ] as const) {
      if (!this.running) return;
      this.signal(signal);
      if (await this.exitWithin(waitMs)) return;
    }
  }

  private async exitWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    try {
      return await Promise.race([this.exited.then(() => true as const), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
