import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { removeDataDir } from '../../../scripts/remove-data-dir.mjs';
import { startEmbeddedPostgres } from './embedded-postgres';
import { SHARED_ROOT } from './outside-private-folder';

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
});
