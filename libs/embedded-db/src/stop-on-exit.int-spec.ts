import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LOCK_FILE_NAME } from './data-dir-lock';
import { startEmbeddedPostgres } from './embedded-postgres';
import { isPidAlive, waitForPidExit } from './process-info';

jest.setTimeout(30_000);

/*
 * Runs the library in a separate Node process (TypeScript compiled on the fly with @swc/core) to see what happens
 * to PostgreSQL when that process gets a signal or exits.
 */
const CHILD = `
const fs = require('node:fs');
const { transformSync } = require('@swc/core');
require.extensions['.ts'] = (module, file) => module._compile(transformSync(fs.readFileSync(file, 'utf8'), {
  filename: file, module: { type: 'commonjs' }, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
}).code, file);
const [dataDir, port, mode] = process.argv.slice(1);
const lib = require(${JSON.stringify(path.join(__dirname, 'index.ts'))});
lib.startEmbeddedPostgres({ dataDir, port: Number(port) }).then((pg) => {
  if (mode === 'stopOnExit') lib.stopOnExit(pg);
  process.stdout.write(JSON.stringify({ pid: pg.pid }) + '\\n');
  if (mode === 'exit') setTimeout(() => process.exit(0), 50);
  else setInterval(() => undefined, 1000);
}, (e) => { process.stderr.write(e.message + '\\n'); process.exit(1); });
`;

const port = 54401 + Math.floor(Math.random() * 400) * 2;

describe('what happens to PostgreSQL when its Node process ends', () => {
  let root: string;
  let dataDir: string;
  let child: ChildProcess | undefined;

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ofs-stop-on-exit-'));
    fs.chmodSync(root, 0o755);
    dataDir = path.join(root, 'data');
  });
  afterEach(() => child?.kill('SIGKILL'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  async function runChild(
    mode: string,
  ): Promise<{ postgresPid: number; ended: Promise<[number | null, string | null]> }> {
    const proc = spawn(process.execPath, ['-e', CHILD, dataDir, String(port), mode], {
      cwd: path.resolve(__dirname, '../../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    const ended = new Promise<[number | null, string | null]>((resolve) =>
      proc.once('exit', (code, signal) => resolve([code, signal])),
    );
    let out = '';
    let err = '';
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const postgresPid = await new Promise<number>((resolve, reject) => {
      proc.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve((JSON.parse(line) as { pid: number }).pid);
      });
      void ended.then(() => reject(new Error(`child ended before PostgreSQL was up: ${err}`)));
    });
    return { postgresPid, ended };
  }

  it('stopOnExit: SIGINT stops PostgreSQL and the lock goes, then the process ends by that signal', async () => {
    const { postgresPid, ended } = await runChild('stopOnExit');
    child?.kill('SIGINT');
    expect(await ended).toEqual([null, 'SIGINT']);
    expect(isPidAlive(postgresPid)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
  });

  it('process.exit() without stop(): PostgreSQL is asked to shut down and the lock goes', async () => {
    const { postgresPid, ended } = await runChild('exit');
    expect(await ended).toEqual([0, null]);
    expect(await waitForPidExit(postgresPid, 10_000)).toBe(true);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
  });

  it('a sandbox killed outright leaves PostgreSQL running; the next start stops that orphan and takes over', async () => {
    const { postgresPid, ended } = await runChild('plain');
    child?.kill('SIGKILL');
    await ended;
    expect(isPidAlive(postgresPid)).toBe(true);
    const pg = await startEmbeddedPostgres({ dataDir, port });
    expect(isPidAlive(postgresPid)).toBe(false);
    await pg.stop();
  });
});
