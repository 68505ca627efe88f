import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePorts, ROOT, sandboxEnv, type PortSetting } from './support/sandbox-process';

/*
 * Issue 12, item 2 (the Nest developer loop): `nest build <app>` builds an app with the Nest CLI and nest-cli.json,
 * and `nest start auth-server --watch` runs it as `npm start auth-server` would (certificates and the embedded
 * PostgreSQL under the data folder) and restarts it when a source file changes: the old process releases the
 * database and its lock, the new one (running the edited code) takes them again. Runs in a scratch copy of the
 * sources (so the edit touches nothing of the repository) on a scratch data folder and free ports.
 */

jest.setTimeout(420_000);

const NEST = path.join(ROOT, 'node_modules', '.bin', 'nest');
const COPIED = ['apps', 'libs', 'tsconfig.json', 'nest-cli.json', 'package.json', '.swcrc'];
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

describe('the Nest CLI on the monorepo (issue 12: nest build, nest start --watch)', () => {
  let work: string;
  let dataDir: string;
  let watcher: ChildProcess | undefined;
  let output = '';

  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'ofs-nest-'));
    dataDir = path.join(work, '.data');
    for (const entry of COPIED) {
      cpSync(path.join(ROOT, entry), path.join(work, entry), {
        recursive: true,
        filter: (source) => !/[\\/](node_modules|dist|\.data)([\\/]|$)/.test(path.relative(ROOT, source)),
      });
    }
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'), 'dir');
    mkdirSync(dataDir);
  });

  afterAll(async () => {
    if (watcher?.pid && watcher.exitCode === null && watcher.signalCode === null) {
      try {
        process.kill(-watcher.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    // A postmaster left behind (it runs in a process group of its own) would keep the scratch folder busy.
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
    rmSync(work, { recursive: true, force: true });
  });

  it('nest build auth-server compiles the app and the libraries it imports, path aliases rewritten', () => {
    const build = spawnSync(NEST, ['build', 'auth-server'], { cwd: work, encoding: 'utf8', timeout: 300_000 });
    expect({ status: build.status, output: build.stdout + build.stderr }).toEqual({ status: 0, output: '' });
    const main = readFileSync(path.join(work, 'dist', 'apps', 'auth-server', 'src', 'main.js'), 'utf8');
    expect(main).toContain('require("../../../libs/platform/src")');
    expect(main).not.toContain('@ofs/');
    expect(existsSync(path.join(work, 'dist', 'libs', 'embedded-db', 'src', 'embedded-postgres.js'))).toBe(true);
  });

  it('nest start auth-server --watch serves with the embedded database and certificates, and restarts on a change', async () => {
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
    const waitFor = async (done: () => boolean, what: string): Promise<void> => {
      for (;;) {
        if (done()) return;
        if (watcher!.exitCode !== null)
          throw new Error(`nest exited (${watcher!.exitCode}) before ${what}:\n${output}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };

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
    writeFileSync(
      mainTs,
      source.replace('void runApp(', `process.stderr.write('${EDIT_MARK}\\n');\nvoid runApp(`),
      'utf8',
    );
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

    // Ctrl-C: the app stops, then its database; the data folder is free for the next start.
    process.kill(-watcher.pid!, 'SIGINT');
    expect(await exited).not.toBeNull();
    // The CLI may exit first (its child is a shell); the app finishes its shutdown on its own.
    const leftovers = (): string[] =>
      [path.join(dataDir, 'sandbox.lock'), path.join(dataDir, 'postgres', 'postmaster.pid')].filter(existsSync);
    for (let i = 0; leftovers().length > 0 && i < 300; i++) await new Promise((r) => setTimeout(r, 200));
    expect(leftovers()).toEqual([]);
    expect(output).toContain('auth-server: SIGINT received, shutting down');
  });
});
