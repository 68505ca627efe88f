import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePorts, ROOT, sandboxEnv, type PortSetting } from './support/sandbox-process';
import { removeDataDir } from '../scripts/remove-data-dir.mjs';

/*
 * Issue 12, item 2 (the Nest developer loop): `nest build <app>` builds an app with the Nest CLI and nest-cli.json,
 * and `nest start auth-server --watch` runs it as `npm start auth-server` would (certificates and the embedded
 * PostgreSQL under the data folder) and restarts it when a source file changes: the old process releases the
 * database and its lock, the new one (running the edited code) takes them again. Runs in a scratch copy of the
 * sources (so the edit touches nothing of the repository) on a scratch data folder and free ports.
 */

jest.setTimeout(600_000);

const NEST = path.join(ROOT, 'node_modules', '.bin', 'nest');
const EDIT_MARK = 'auth-server: edited while watching';

function healthOf(port: number, ca: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(`https://localhost:${port}/health`, { ca }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** Polls until `done`; a bound (not an assertion on speed) turns a hang into a failure that shows the output. */
async function waitUntil(done: () => boolean, child: ChildProcess, what: string, output: () => string): Promise<void> {
  for (let waited = 0; !done(); waited += 200) {
    if (child.exitCode !== null) throw new Error(`exited (${child.exitCode}) before ${what}:\n${output()}`);
    if (waited > 240_000) throw new Error(`no ${what} after 240 s:\n${output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function scratchCopy(prefix: string, entries: string[]): string {
  const work = mkdtempSync(path.join(tmpdir(), prefix));
  for (const entry of entries) {
    cpSync(path.join(ROOT, entry), path.join(work, entry), {
      recursive: true,
      filter: (source) => !/[\\/](node_modules|dist|\.data)([\\/]|$)/.test(path.relative(ROOT, source)),
    });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'), 'dir');
  mkdirSync(path.join(work, '.data'));
  return work;
}

/** Kills what a test left running: its process group, then a postmaster (it runs in a group of its own). */
async function cleanUp(child: ChildProcess | undefined, dataDir: string): Promise<void> {
  if (child?.pid && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const postmasterPid = path.join(dataDir, 'postgres', 'postmaster.pid');
  if (existsSync(postmasterPid)) {
    const pid = Number(readFileSync(postmasterPid, 'utf8').split('\n')[0]);
    try {
      if (pid > 0) process.kill(pid, 'SIGQUIT');
    } catch {
      // already gone
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Waits (bounded) until the data folder holds neither the sandbox lock nor a running postmaster's pid file. */
async function dataFolderFreed(dataDir: string): Promise<string[]> {
  const leftovers = (): string[] =>
    [path.join(dataDir, 'sandbox.lock'), path.join(dataDir, 'postgres', 'postmaster.pid')].filter(existsSync);
  for (let i = 0; leftovers().length > 0 && i < 300; i++) await new Promise((r) => setTimeout(r, 200));
  return leftovers();
}

describe('the Nest CLI on the monorepo (issue 12: nest build, nest start --watch)', () => {
  let work: string;
  let dataDir: string;
  let watcher: ChildProcess | undefined;
  let output = '';

  beforeAll(() => {
    work = scratchCopy('ofs-nest-', ['apps', 'libs', 'tsconfig.json', 'nest-cli.json', 'package.json', '.swcrc']);
    dataDir = path.join(work, '.data');
  });

  afterAll(async () => {
    await cleanUp(watcher, dataDir);
    removeDataDir(work);
  });

  it('nest build auth-server compiles the app and the libraries it imports, path aliases rewritten', () => {
    const build = spawnSync(NEST, ['build', 'auth-server'], { cwd: work, encoding: 'utf8', timeout: 300_000 });
    expect({ status: build.status, output: build.stdout + build.stderr }).toEqual({ status: 0, output: '' });
    const main = readFileSync(path.join(work, 'dist', 'apps', 'auth-server', 'src', 'main.js'), 'utf8');
    expect(main).toContain('require("../../../libs/platform/src")');
    expect(main).not.toContain('@ofs/');
    expect(existsSync(path.join(work, 'dist', 'libs', 'embedded-db', 'src', 'embedded-postgres.js'))).toBe(true);
  });

  it('nest build financroo copies its banks.json asset beside the compiled config, where it is read (__dirname)', () => {
    const build = spawnSync(NEST, ['build', 'financroo'], { cwd: work, encoding: 'utf8', timeout: 300_000 });
    expect({ status: build.status, output: build.stdout + build.stderr }).toEqual({ status: 0, output: '' });
    const config = path.join(work, 'dist', 'apps', 'financroo', 'src', 'config');
    expect(existsSync(path.join(config, 'banks-file.js'))).toBe(true);
    expect(readFileSync(path.join(config, 'banks.json'), 'utf8')).toBe(
      readFileSync(path.join(work, 'apps', 'financroo', 'src', 'config', 'banks.json'), 'utf8'),
    );
  });

  it('nest start auth-server --watch serves with the embedded database and certificates, restarts on a change, not on a type error', async () => {
    const ports: Record<PortSetting, number> = await freePorts();
    const env = { ...sandboxEnv(dataDir, ports), AUTH_SERVER_WORKERS: '1', FORCE_COLOR: '0' };
    // Its own process group, as a terminal's foreground job: the cleanup (and the Ctrl-C below) reach every process.
    watcher = spawn(NEST, ['start', 'auth-server', '--watch', '--preserveWatchOutput'], {
      cwd: work,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    watcher.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    watcher.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => watcher!.once('exit', (code) => resolve(code)));
    const listening = `auth-server: api listening on https://localhost:${ports.AUTH_SERVER_PORT}`;
    const waitFor = (done: () => boolean, what: string) => waitUntil(done, watcher!, what, () => output);

    await waitFor(() => output.includes(listening), 'the first start');
    const ca = readFileSync(path.join(dataDir, 'pki', 'ca.pem'));
    expect(await healthOf(ports.AUTH_SERVER_PORT, ca)).toEqual({
      status: 200,
      body: JSON.stringify({ status: 'ok', checks: { database: 'up' } }),
    });
    expect(output).toContain(`starting embedded PostgreSQL on 127.0.0.1:${ports.SANDBOX_PG_PORT} (data in ${dataDir})`);

    // An edit to the app's entry: the watcher recompiles, stops the running app and starts the edited one.
    const mainTs = path.join(work, 'apps', 'auth-server', 'src', 'main.ts');
    const source = readFileSync(mainTs, 'utf8');
    writeFileSync(mainTs, source.replace('void runApp(', `process.stderr.write('${EDIT_MARK}\\n');\nvoid runApp(`));
    await waitFor(
      () => output.includes(EDIT_MARK) && output.slice(output.indexOf(EDIT_MARK)).includes(listening),
      'the restart',
    );
    const afterEdit = output.slice(output.indexOf(EDIT_MARK));
    // The first process shut down (database and lock released) before the second took them again.
    expect(output.slice(0, output.indexOf(EDIT_MARK))).toContain('auth-server: SIGTERM received, shutting down');
    expect(afterEdit).toContain(`starting embedded PostgreSQL on 127.0.0.1:${ports.SANDBOX_PG_PORT}`);
    expect(afterEdit).not.toContain('cannot start');
    expect(occurrences(output, listening)).toBe(2);
    expect(await healthOf(ports.AUTH_SERVER_PORT, ca)).toMatchObject({ status: 200 });

    // A type error is reported and the running app is left alone.
    const edited = readFileSync(mainTs, 'utf8');
    writeFileSync(mainTs, `${edited}\nexport const notANumber: number = 'one';\n`);
    await waitFor(() => output.includes('TS2322'), 'the type error');
    expect(occurrences(output, listening)).toBe(2);
    expect(await healthOf(ports.AUTH_SERVER_PORT, ca)).toMatchObject({ status: 200 });

    // Ctrl-C: the app stops, then its database; the data folder is free for the next start. The CLI may exit
    // first (its child is a shell); the app finishes its shutdown on its own.
    process.kill(-watcher.pid!, 'SIGINT');
    expect(await exited).not.toBeNull();
    expect(await dataFolderFreed(dataDir)).toEqual([]);
    expect(output).toContain('auth-server: SIGINT received, shutting down');
  });
});

describe('npm run dev (issue 12: the whole sandbox, restarted on a change)', () => {
  let work: string;
  let dataDir: string;
  let dev: ChildProcess | undefined;
  let output = '';

  beforeAll(() => {
    work = scratchCopy('ofs-dev-', [
      'apps',
      'libs',
      'scripts',
      'ormconfig.ts',
      'tsconfig.json',
      'package.json',
      '.swcrc',
    ]);
    dataDir = path.join(work, '.data');
  });

  afterAll(async () => {
    await cleanUp(dev, dataDir);
    removeDataDir(work);
  });

  it('restarts the app whose folder changed, every app for a change in libs/, a failed start on the next change; one database', async () => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: work, encoding: 'utf8' });
    expect(build.status).toBe(0);
    const ports: Record<PortSetting, number> = await freePorts();
    const env = { ...sandboxEnv(dataDir, ports), AUTH_SERVER_WORKERS: '1', CONSENT_ADMIN_WORKERS: '1' };
    // What `npm run dev -- auth-server consent-admin` runs once built.
    dev = spawn(process.execPath, ['dist/scripts/start.js', '--watch', 'auth-server', 'consent-admin'], {
      cwd: work,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    dev.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    dev.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => dev!.once('exit', (code) => resolve(code)));
    const waitFor = (done: () => boolean, what: string) => waitUntil(done, dev!, what, () => output);
    const logOf = (app: string): string => readFileSync(path.join(dataDir, 'logs', `${app}.log`), 'utf8');
    const edit = (file: string, mark: string): void => {
      const full = path.join(work, file);
      writeFileSync(full, `${readFileSync(full, 'utf8')}\nprocess.stderr.write('${mark}\\n');\n`);
    };

    await waitFor(() => output.includes('watching apps/, libs/ for changes'), 'the first start');
    expect(occurrences(output, 'starting the embedded PostgreSQL server')).toBe(1);
    const ca = readFileSync(path.join(dataDir, 'pki', 'ca.pem'));

    // A change in consent-admin's folder restarts consent-admin alone, on the new code.
    edit('apps/consent-admin/src/main.ts', 'consent-admin: edited while watching');
    await waitFor(() => output.includes('consent-admin restarted: '), 'the restart of consent-admin');
    expect(output).toContain('restarting consent-admin (changed: apps/consent-admin/src/main.ts)');
    expect(output).not.toContain('auth-server restarted');
    expect(logOf('consent-admin')).toContain('consent-admin: edited while watching');
    expect(await healthOf(ports.CONSENT_ADMIN_PORT, ca)).toMatchObject({ status: 200 });

    // A change in a library restarts every app.
    edit('libs/platform/src/index.ts', 'platform: edited while watching');
    await waitFor(() => output.includes('auth-server restarted: '), 'the restart of every app');
    await waitFor(() => occurrences(output, 'consent-admin restarted: ') === 2, 'the restart of consent-admin');
    expect(output).toContain('restarting auth-server, consent-admin (changed: libs/platform/src/index.ts)');
    expect(logOf('auth-server')).toContain('platform: edited while watching');
    expect(await healthOf(ports.AUTH_SERVER_PORT, ca)).toMatchObject({ status: 200 });
    // An app that fails to start waits for the next change, the others keep running.
    const consentMain = path.join(work, 'apps', 'consent-admin', 'src', 'main.ts');
    const working = readFileSync(consentMain, 'utf8');
    writeFileSync(consentMain, `throw new Error('broken on purpose');\n${working}`);
    await waitFor(() => output.includes('consent-admin starts again on the next change'), 'the failed restart');
    expect(output).toContain('sandbox: consent-admin exited (code 1)');
    expect(await healthOf(ports.AUTH_SERVER_PORT, ca)).toMatchObject({ status: 200 });
    writeFileSync(consentMain, working);
    await waitFor(() => occurrences(output, 'consent-admin restarted: ') === 3, 'the restart after the fix');
    expect(await healthOf(ports.CONSENT_ADMIN_PORT, ca)).toMatchObject({ status: 200 });
    // One database for the whole session.
    expect(occurrences(output, 'starting the embedded PostgreSQL server')).toBe(1);

    process.kill(-dev.pid!, 'SIGINT');
    expect(await exited).toBe(0);
    expect(await dataFolderFreed(dataDir)).toEqual([]);
  });
});
