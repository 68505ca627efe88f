import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, watch, writeSync } from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import { acquireDataDirLock, startEmbeddedPostgres, waitForPostgres } from '@ofs/embedded-db';
import { ensureStandardSandboxPki } from '@ofs/pki';
import {
  ConfigError,
  dataDirOf,
  loadConfig,
  PlatformEnv,
  pkiDirOf,
  publicUrl,
  type ListenerDefinition,
  type RuntimeConfig,
  type SandboxAppDefinition,
} from '@ofs/platform';
import { logOffset, workersStarted } from './cluster-workers';
import { SANDBOX_APPS } from './sandbox-apps';

/*
 * `npm start [app…]`: certificates, database, then one process per app; waits until every /health answers,
 * prints the URLs, and stops everything on Ctrl-C. App logs (JSON) go to <data>/logs/<app>.log.
 *
 * `npm run dev [app…]` (`npm start -- --watch [app…]`): the same, then watches apps/ and libs/; on a change it
 * recompiles (scripts/build.mjs --keep) and restarts the apps concerned — the app whose folder changed, every app
 * for a change in libs/ — while the database stays up in this process. An app that exits waits for the next change.
 */

const HEALTH_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 10_000;
/** Changes closer together than this make one rebuild (an editor's save-all, a git checkout). */
const WATCH_DEBOUNCE_MS = 300;
const ROOT = path.join(__dirname, '..', '..');
const WATCHED_FOLDERS = ['apps', 'libs'];

interface Running {
  def: SandboxAppDefinition<never>;
  listeners: ListenerDefinition[];
  child: ChildProcess;
  exited: Promise<number | null>;
  lastLines: string[];
  /** Stopped on purpose by the watcher, to start again. */
  restarting: boolean;
  /** Where this start's lines begin in the app's log (it is appended to). */
  logStart: number;
}

const say = (line: string): void => void process.stdout.write(`${line}\n`);
/** How long `npm start` waits for a clustered app's other worker processes before saying the sandbox is up. */
const WORKERS_TIMEOUT_MS = 60_000;
const fail = (line: string): never => {
  process.stderr.write(`sandbox: ${line}\n`);
  process.exit(1);
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const watchMode = args.includes('--watch');
  const requested = args.filter((a) => a !== '--watch');
  const unknown = requested.filter((name) => !SANDBOX_APPS.some((a) => a.name === name));
  if (unknown.length) fail(`unknown app ${unknown.join(', ')}; apps are ${SANDBOX_APPS.map((a) => a.name).join(', ')}`);
  const apps = requested.length ? SANDBOX_APPS.filter((a) => requested.includes(a.name)) : SANDBOX_APPS;

  let platform: PlatformEnv;
  const envs = new Map<string, PlatformEnv>();
  try {
    platform = loadConfig(PlatformEnv, process.env);
    for (const app of apps) envs.set(app.name, loadConfig(app.envClass as never, process.env));
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }
  const dataDir = dataDirOf(platform);
  mkdirSync(path.join(dataDir, 'logs'), { recursive: true });

  const pki = await ensureStandardSandboxPki(pkiDirOf(platform));
  const issuedCerts = pki.issued.filter((f) => !f.endsWith('-key.pem'));
  if (issuedCerts.length)
    say(`certificates created or renewed in ${path.dirname(pki.caFile)}: ${issuedCerts.join(', ')}`);

  let stopDatabase = async (): Promise<void> => undefined;
  let databaseUrl: string;
  if (platform.DATABASE_URL) {
    const lock = await acquireDataDirLock(dataDir).catch((e: Error) => fail(e.message));
    stopDatabase = () => lock.release();
    await waitForPostgres(platform.DATABASE_URL, 10_000).catch((e: Error) => fail(e.message));
    databaseUrl = platform.DATABASE_URL;
  } else {
    say(`starting the embedded PostgreSQL server (127.0.0.1:${platform.SANDBOX_PG_PORT}, data in ${dataDir})`);
    const pg = await startEmbeddedPostgres({ dataDir, port: platform.SANDBOX_PG_PORT }).catch((e: Error) =>
      fail(e.message),
    );
    stopDatabase = () => pg.stop();
    databaseUrl = pg.url;
  }

  const running = new Map<string, Running>();
  let stopping = false;
  let stopWatching = (): void => undefined;
  const stopAll = async (code: number): Promise<never> => {
    stopping = true;
    stopWatching();
    const all = [...running.values()];
    for (const r of [...all].reverse()) if (r.child.exitCode === null) r.child.kill('SIGTERM');
    const deadline = setTimeout(() => all.forEach((r) => r.child.kill('SIGKILL')), STOP_GRACE_MS);
    await Promise.all(all.map((r) => r.exited));
    clearTimeout(deadline);
    await stopDatabase().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => {
    if (!stopping) {
      say('\nstopping the sandbox…');
      void stopAll(0);
    }
  });
  process.on('SIGTERM', () => void (stopping || stopAll(0)));

  /** Each app's log file, opened once for appending: the app writes its lines there itself (no copy through here). */
  const logs = new Map<string, number>();
  const logFileOf = (def: SandboxAppDefinition<never>): string => path.join(dataDir, 'logs', `${def.name}.log`);
  const launch = (def: SandboxAppDefinition<never>): Running => {
    const env = envs.get(def.name) as never as PlatformEnv;
    const server = pki.servers[def.name];
    if (!server) fail(`no certificate for ${def.name}`);
    const config: RuntimeConfig = {
      app: def.name,
      env,
      dataDir,
      pkiDir: pkiDirOf(platform),
      database: { url: databaseUrl, schema: def.schema },
      tls: { cert: server!.cert, key: server!.key, ca: pki.ca },
    };
    const listeners = def.listeners(config as never);
    let log = logs.get(def.name);
    if (log === undefined) logs.set(def.name, (log = openSync(logFileOf(def), 'a')));
    const logStart = logOffset(logFileOf(def));
    const main = path.join(__dirname, '..', 'apps', def.name, 'src', 'main.js');
    const child = spawn(process.execPath, ['--enable-source-maps', main], {
      // The apps call each other over HTTPS (e.g. a client's jwks_uri): they trust the sandbox CA.
      env: { ...process.env, DATABASE_URL: databaseUrl, NODE_EXTRA_CA_CERTS: pki.caFile },
      // stdout is the log file itself: every line is one append, whole even with several worker processes.
      stdio: ['ignore', log, 'pipe'],
    });
    const r: Running = {
      def,
      listeners,
      child,
      lastLines: [],
      restarting: false,
      logStart,
      exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    };
    // Whole lines only: the app's own appends (stdout) must not land inside a line cut between two chunks.
    let partial = '';
    const copyLines = (lines: string[]): void => {
      if (!lines.length) return;
      writeSync(log, `${lines.join('\n')}\n`);
      for (const line of lines.filter(Boolean)) {
        r.lastLines = [...r.lastLines, line].slice(-20);
        if (process.env.SANDBOX_VERBOSE || /cannot start|error/i.test(line)) process.stderr.write(`${line}\n`);
      }
    };
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      copyLines(lines);
    });
    child.stderr?.on('end', () => copyLines(partial ? [partial] : []));
    void r.exited.then((code) => {
      if (stopping || r.restarting) return;
      process.stderr.write(`sandbox: ${def.name} exited (code ${code}); its log: ${logFileOf(def)}\n`);
      if (watchMode) process.stderr.write(`sandbox: ${def.name} starts again on the next change\n`);
      else void stopAll(1);
    });
    running.set(def.name, r);
    return r;
  };
  const healthy = (r: Running): Promise<void> => {
    const answered = Promise.all(r.listeners.map((l) => waitHealthy(publicUrl(platform, l.port), pki.ca)));
    // While watching, an app that exits while starting is reported by its exit handler and waits for a change.
    const gone = new Promise<never>((_resolve, reject) => {
      if (watchMode) void r.exited.then(() => reject(new Error(`${r.def.name} exited`)));
    });
    return Promise.race([answered, gone]).then(
      () => undefined,
      (e: Error) => {
        if (!watchMode || (r.child.exitCode === null && r.child.signalCode === null))
          process.stderr.write(
            `sandbox: ${r.def.name} did not become healthy: ${e.message}\n${r.lastLines.join('\n')}\n`,
          );
        throw e;
      },
    );
  };

  /** "Up" means every worker process serves: a clustered app answers once its first one does. */
  const workersOf = (def: SandboxAppDefinition<never>): number => def.workers?.(envs.get(def.name) as never) ?? 1;
  const allWorkers = async (rs: Running[]): Promise<void> => {
    const clustered = rs.filter((r) => workersOf(r.def) > 1 && r.child.exitCode === null);
    if (stopping || clustered.length === 0) return;
    const counts = clustered.map((r) => `${r.def.name} ${workersOf(r.def)}`).join(', ');
    say(`starting the other worker processes (${counts})…`);
    await Promise.all(
      clustered.map(async (r) => {
        const gone = (): boolean => stopping || r.child.exitCode !== null || r.child.signalCode !== null;
        if ((await workersStarted(logFileOf(r.def), r.logStart, WORKERS_TIMEOUT_MS, gone)) || gone()) return;
        say(
          `${r.def.name}: not all its worker processes started in ${WORKERS_TIMEOUT_MS / 1000} s (its log: ${logFileOf(r.def)})`,
        );
      }),
    );
  };

  const started = apps.map(launch);
  await Promise.all(started.map((r) => healthy(r).catch(() => (watchMode ? undefined : stopAll(1)))));
  await allWorkers(started);
  if (stopping) return;
  printSummary(started, platform, pki.caFile);

  if (watchMode) {
    stopWatching = watchSources(async (changed) => {
      if (!(await rebuild())) return;
      const names = appsConcerned(changed, apps);
      // An app that exited on its own starts again on any change.
      for (const r of running.values())
        if (r.child.exitCode !== null || r.child.signalCode !== null) names.add(r.def.name);
      const again = apps.filter((a) => names.has(a.name));
      if (stopping || again.length === 0) return;
      say(
        `restarting ${again.map((a) => a.name).join(', ')} (changed: ${[...changed].slice(0, 3).join(', ')}${changed.size > 3 ? ', …' : ''})`,
      );
      for (const def of [...again].reverse()) {
        const r = running.get(def.name)!;
        r.restarting = true;
        if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGTERM');
        await r.exited;
      }
      if (stopping) return;
      const restarted = again.map(launch);
      const results = await Promise.all(
        restarted.map((r) =>
          healthy(r).then(
            () => true,
            () => false,
          ),
        ),
      );
      if (stopping) return;
      restarted.forEach((r, i) => {
        if (results[i])
          say(`${r.def.name} restarted: ${r.listeners.map((l) => publicUrl(platform, l.port)).join(', ')}`);
      });
    });
    say(
      `watching ${WATCHED_FOLDERS.join('/, ')}/ for changes (the app whose folder changed restarts; every app for libs/)`,
    );
  }
}

/**
 * Calls `onChange` with the changed source files (relative to the repository), a burst of changes at a time and
 * never two calls at once. Tests and test harnesses are left out: the apps do not load them.
 */
function watchSources(onChange: (changed: Set<string>) => Promise<void>): () => void {
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let busy: Promise<void> = Promise.resolve();
  const flush = (): void => {
    const changed = pending;
    pending = new Set();
    busy = busy.then(() => onChange(changed)).catch((e: Error) => void process.stderr.write(`sandbox: ${e.message}\n`));
  };
  const watchers = WATCHED_FOLDERS.map((folder) =>
    watch(path.join(ROOT, folder), { recursive: true }, (_event, filename) => {
      if (!filename) return;
      const file = path.join(folder, filename.toString()).split(path.sep).join('/');
      if (!/\.(ts|json)$/.test(file) || /\.(spec|int-spec|e2e-spec)\.ts$/.test(file) || /\/test\//.test(file)) return;
      if (/(^|\/)(node_modules|dist)\//.test(file)) return;
      pending.add(file);
      clearTimeout(timer);
      timer = setTimeout(flush, WATCH_DEBOUNCE_MS);
    }),
  );
  return () => {
    clearTimeout(timer);
    watchers.forEach((w) => w.close());
  };
}

/** apps/<app>/… concerns that app; anything else (libs/) every app that runs. */
function appsConcerned(changed: Set<string>, apps: ReadonlyArray<SandboxAppDefinition<never>>): Set<string> {
  const names = new Set<string>();
  for (const file of changed) {
    const app = /^apps\/([^/]+)\//.exec(file)?.[1];
    if (app && apps.some((a) => a.name === app)) names.add(app);
    else if (!app) apps.forEach((a) => names.add(a.name));
  }
  return names;
}

/** Recompiles into dist/ without clearing it first (the running apps keep their files); false when it fails. */
function rebuild(): Promise<boolean> {
  return new Promise((resolve) => {
    const build = spawn(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--keep'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    build.once('error', () => resolve(false));
    build.once('exit', (code) => {
      if (code !== 0) process.stderr.write('sandbox: the build failed; the apps keep running the previous build\n');
      resolve(code === 0);
    });
  });
}

async function waitHealthy(baseUrl: string, ca: string): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const status = await getStatus(`${baseUrl}/health`, ca);
      if (status === 200) return;
      last = `HTTP ${status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${baseUrl}/health: ${last}`);
}

function getStatus(url: string, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

function printSummary(running: Running[], env: PlatformEnv, caFile: string): void {
  const rows: Array<[string, string]> = [];
  for (const r of running) {
    for (const l of r.listeners) {
      rows.push([`${r.def.name} ${l.name}`, publicUrl(env, l.port)]);
      if (l.mtlsPort !== undefined) rows.push([`${r.def.name} ${l.name} (mTLS)`, publicUrl(env, l.mtlsPort)]);
    }
  }
  const width = Math.max(...rows.map(([n]) => n.length));
  say('\nOpen Finance Sandbox is up:');
  for (const [name, url] of rows) say(`  ${name.padEnd(width)}  ${url}   (API docs: ${url}/docs)`);
  say(`\nCA certificate: ${caFile}`);
  const relative = path.relative(process.cwd(), caFile);
  say(`  trust it in Node with NODE_EXTRA_CA_CERTS=${relative.startsWith('..') ? caFile : relative}`);
  const logins = loginsOf(running);
  if (logins.length) say(`Logins: ${logins.join(', ')}`);
  say(`Logs: ${path.join(dataDirOf(env), 'logs')}   Stop: Ctrl-C`);
  say(`\n${firstThingToTry(running, env)}\n`);
}

/** The demo logins of the apps that run (the banner lists only what runs). */
export function loginsOf(running: ReadonlyArray<{ def: { name: string } }>): string[] {
  const runs = (...apps: string[]) => running.some((r) => apps.includes(r.def.name));
  return [
    runs('auth-server', 'go-bank', 'hyperscale-bank') ? 'bank customer user / p@ssword!' : undefined,
    runs('financroo') ? 'Financroo test / p@ssword!' : undefined,
    runs('consent-admin') ? 'consent admin admin / p@ssword!' : undefined,
  ].filter((login): login is string => login !== undefined);
}

/** The banner's last line: where a newcomer starts with what runs. */
function firstThingToTry(running: Running[], env: PlatformEnv): string {
  const listener = (app: string, name: string) =>
    running.find((r) => r.def.name === app)?.listeners.find((l) => l.name === name);
  const financroo = listener('financroo', 'web');
  if (financroo)
    return `Try it: open ${publicUrl(env, financroo.port)}, sign in as test / p@ssword! and connect Go Bank.`;
  const console_ = listener('consent-admin', 'admin');
  if (console_) return `Try it: open ${publicUrl(env, console_.port)} and sign in as admin / p@ssword!.`;
  const as = listener('auth-server', 'api');
  if (as) return `Try it: ${publicUrl(env, as.port)}/obgeneric/gobank/.well-known/openid-configuration`;
  return `Try it: ${publicUrl(env, running[0]!.listeners[0]!.port)}/docs`;
}

main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
