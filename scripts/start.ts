import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
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
import { SANDBOX_APPS } from './sandbox-apps';

/*
 * `npm start [app…]`: certificates, database, then one process per app; waits until every /health answers,
 * prints the URLs, and stops everything on Ctrl-C. App logs (JSON) go to <data>/logs/<app>.log.
 */

const HEALTH_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 10_000;

interface Running {
  def: SandboxAppDefinition<never>;
  listeners: ListenerDefinition[];
  child: ChildProcess;
  exited: Promise<number | null>;
  lastLines: string[];
}

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const fail = (line: string): never => {
  process.stderr.write(`sandbox: ${line}\n`);
  process.exit(1);
};

async function main(): Promise<void> {
  const requested = process.argv.slice(2);
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

  const running: Running[] = [];
  let stopping = false;
  const stopAll = async (code: number): Promise<never> => {
    stopping = true;
    for (const r of [...running].reverse()) if (r.child.exitCode === null) r.child.kill('SIGTERM');
    const deadline = setTimeout(() => running.forEach((r) => r.child.kill('SIGKILL')), STOP_GRACE_MS);
    await Promise.all(running.map((r) => r.exited));
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

  for (const def of apps) {
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
    const log = createWriteStream(path.join(dataDir, 'logs', `${def.name}.log`), { flags: 'a' });
    const main = path.join(__dirname, '..', 'apps', def.name, 'src', 'main.js');
    const child = spawn(process.execPath, ['--enable-source-maps', main], {
      // The apps call each other over HTTPS (e.g. a client's jwks_uri): they trust the sandbox CA.
      env: { ...process.env, DATABASE_URL: databaseUrl, NODE_EXTRA_CA_CERTS: pki.caFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const r: Running = {
      def,
      listeners,
      child,
      lastLines: [],
      exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    };
    child.stdout?.pipe(log, { end: false });
    child.stderr?.on('data', (chunk: Buffer) => {
      log.write(chunk);
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        r.lastLines = [...r.lastLines, line].slice(-20);
        if (process.env.SANDBOX_VERBOSE || /cannot start|error/i.test(line)) process.stderr.write(`${line}\n`);
      }
    });
    void r.exited.then((code) => {
      if (!stopping) {
        process.stderr.write(
          `sandbox: ${def.name} exited (code ${code}); its log: ${path.join(dataDir, 'logs', `${def.name}.log`)}\n`,
        );
        void stopAll(1);
      }
    });
    running.push(r);
  }

  await Promise.all(
    running.map((r) =>
      Promise.all(r.listeners.map((l) => waitHealthy(publicUrl(platform, l.port), pki.ca))).catch((e: Error) => {
        process.stderr.write(
          `sandbox: ${r.def.name} did not become healthy: ${e.message}\n${r.lastLines.join('\n')}\n`,
        );
        return stopAll(1);
      }),
    ),
  );
  printSummary(running, platform, pki.caFile);
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
  say('Logins: bank customer user / p@ssword!, Financroo test / p@ssword!, consent admin admin / p@ssword!');
  say(`Logs: ${path.join(dataDirOf(env), 'logs')}   Stop: Ctrl-C`);
  say(`\n${firstThingToTry(running, env)}\n`);
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
