import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { LOCK_FILE_NAME } from './data-dir-lock';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { isPidAlive, waitForPidExit } from './process-info';
import { waitForPostgres } from './wait-for-postgres';

jest.setTimeout(30_000);

// Away from the default 54329 so a developer's running sandbox is not disturbed; random so parallel runs don't clash.
const port = 54400 + Math.floor(Math.random() * 400) * 2;

describe('startEmbeddedPostgres', () => {
  let root: string;
  let dataDir: string;
  const started: EmbeddedPostgres[] = [];
  const start = async (opts: { port?: number; dataDir?: string } = {}): Promise<EmbeddedPostgres> => {
    const pg = await startEmbeddedPostgres({ dataDir, port, ...opts });
    started.push(pg);
    return pg;
  };
  const query = async (url: string, sql: string): Promise<unknown[]> => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ofs-embedded-db-'));
    fs.chmodSync(root, 0o755); // mkdtemp makes it 0700; as root, PostgreSQL runs as "postgres" and must enter it
    dataDir = path.join(root, 'data');
  });
  afterAll(async () => {
    for (const pg of started) await pg.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('serves the url, keeps data across a restart, releases the lock and the port on stop', async () => {
    const first = await start();
    const socketDir = path.join(dataDir, 'postgres-socket');
    expect(first.url).toBe(
      `postgres://sandbox:sandbox@127.0.0.1:${port}/sandbox?host=${encodeURIComponent(socketDir)}`,
    );
    expect(first.tcpUrl).toBe(`postgres://sandbox:sandbox@127.0.0.1:${port}/sandbox`);
    expect(first.port).toBe(port);
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
    // The url goes through the Unix socket in the data folder (no client address), tcpUrl over loopback TCP.
    expect(fs.existsSync(path.join(socketDir, `.s.PGSQL.${port}`))).toBe(true);
    expect(await query(first.url, 'SELECT inet_client_addr() AS addr')).toEqual([{ addr: null }]);
    expect(await query(first.tcpUrl, 'SELECT inet_client_addr()::text AS addr')).toEqual([{ addr: '127.0.0.1/32' }]);
    await query(first.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
    await first.stop();
    await first.stop(); // idempotent
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
    await expect(waitForPostgres(first.url, 300)).rejects.toThrow('database unreachable');

    const second = await start();
    expect(await query(second.url, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
    await second.stop();
  });

  it('refuses a second sandbox on the same data folder while the first runs', async () => {
    const first = await start();
    await expect(startEmbeddedPostgres({ dataDir, port: port + 1 })).rejects.toThrow(
      `another sandbox is already running on ${dataDir} (pid ${process.pid}); stop it first or set SANDBOX_DATA_DIR to another folder`,
    );
    expect(await query(first.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await first.stop();
  });

  it('takes over a stale lock left by a dead process', async () => {
    const deadPid = spawnSync('true').pid;
    fs.writeFileSync(path.join(dataDir, LOCK_FILE_NAME), JSON.stringify({ pid: deadPid, startedAt: '2020-01-01' }));
    const pg = await start();
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE_NAME), 'utf8')).pid).toBe(process.pid);
    await pg.stop();
  });

  it('rejects clearly when the port is taken, and leaves the folder usable', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(port + 1, '127.0.0.1', resolve));
    try {
      await expect(start({ port: port + 1 })).rejects.toThrow(
        new RegExp(`port ${port + 1} on 127\\.0\\.0\\.1 is already in use .*SANDBOX_PG_PORT`),
      );
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
  });

  it('restarts after the server was killed with -9 (stale postmaster.pid)', async () => {
    const pg = await start();
    process.kill(pg.pid, 'SIGKILL');
    expect(await waitForPidExit(pg.pid, 5_000)).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(true);
    await pg.stop(); // does not hang on a dead server; releases the lock
    const again = await start();
    expect(await query(again.url, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
    await again.stop();
  });

  it('stops a server left running by a sandbox that died without stopping it', async () => {
    const orphan = await start();
    // As if the owning process had been SIGKILLed: its lock is stale, its postgres still runs.
    fs.writeFileSync(
      path.join(dataDir, LOCK_FILE_NAME),
      JSON.stringify({ pid: spawnSync('true').pid, startedAt: '2020-01-01' }),
    );
    const pg = await start();
    expect(isPidAlive(orphan.pid)).toBe(false);
    expect(await query(pg.url, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
    await orphan.stop(); // must not release the new holder's lock
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(true);
    await pg.stop();
  });

  it('gives up after startTimeoutMs with the last log lines, and releases the lock', async () => {
    const error = await startEmbeddedPostgres({ dataDir, port, startTimeoutMs: 1 }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(
      new RegExp(`^PostgreSQL did not become ready on 127\\.0\\.0\\.1:${port} within 0\\.001 s[;( ]`),
    );
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
    const pg = await start(); // and the server it started is gone
    await pg.stop();
  });

  it('creates the requested database; waitForPostgres reaches it and fails fast on a wrong password', async () => {
    const pg = await startEmbeddedPostgres({ dataDir, port, database: 'other-db' });
    started.push(pg);
    expect(pg.tcpUrl).toBe(`postgres://sandbox:sandbox@127.0.0.1:${port}/other-db`);
    await waitForPostgres(pg.url, 5_000);
    expect(await query(pg.url, 'SELECT current_database() AS db')).toEqual([{ db: 'other-db' }]);
    const began = Date.now();
    const wrong = `postgres://sandbox:not-the-Pa55word@127.0.0.1:${port}/sandbox`;
    const error = await waitForPostgres(wrong, 10_000).catch((e: Error) => e);
    expect(Date.now() - began).toBeLessThan(3_000);
    expect((error as Error).message).toMatch(`database unreachable at 127.0.0.1:${port}: `);
    expect((error as Error).message).not.toContain('not-the-Pa55word');
    // The socket asks for the password too.
    const wrongOverSocket = pg.url.replace('sandbox:sandbox@', 'sandbox:not-the-Pa55word@');
    await expect(waitForPostgres(wrongOverSocket, 10_000)).rejects.toThrow('database unreachable');
    await pg.stop();
  });
});
