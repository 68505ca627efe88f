import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { testDatabaseUrl } from '../../../test/support/test-database';
import { Housekeeping, RETENTION_SECONDS } from '../src/housekeeping/housekeeping.service';
import { ServerRegistry } from '../src/servers/server-registry.service';
import { startAuthServer, type AuthServerHarness } from './auth-server-harness';
import { createClient } from './client-fixtures';

/** Expired rows are swept (tables do not grow for ever), by one process at a time, and nothing live is touched. */
describe('housekeeping: sweeping expired rows', () => {
  let as: AuthServerHarness;
  let db: DataSource;
  let serverPk: string;
  let clientId: string;
  const now = new Date();
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
  const longAgo = ago(RETENTION_SECONDS + 60); // expired, past the retention
  const lately = ago(60); // expired, within the retention
  const later = new Date(now.getTime() + 60_000); // live

  beforeAll(async () => {
    as = await startAuthServer();
    db = as.app.get(DataSource);
    serverPk = (await as.app.get(ServerRegistry).resolve('obgeneric', 'gobank')).entity.id;
    clientId = (await createClient(as.app)).clientId;
  });
  afterAll(() => as?.close());

  const count = async (table: string, where = 'true', params: unknown[] = []): Promise<number> => {
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM "${table}" WHERE ${where}`, params);
    return n as number;
  };

  async function pushedRequest(expiresAt: Date): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO pushed_request (id, request_uri_hash, server_pk, client_id, parameters, expires_at)
      VALUES ($1, $2, $3, $4, '{}', $5)`,
      [id, randomUUID(), serverPk, clientId, expiresAt],
    );
    return id;
  }

  async function interaction(pushedRequestId: string, expiresAt: Date): Promise<void> {
    await db.query(
      `INSERT INTO interaction (id, server_pk, pushed_request_id, browser_secret_hash, login_state_hash, status, expires_at)
      VALUES ($1, $2, $3, 'x', 'x', 'login', $4)`,
      [randomUUID(), serverPk, pushedRequestId, expiresAt],
    );
  }

  async function code(expiresAt: Date): Promise<void> {
    await db.query(
      `INSERT INTO authorization_code (code_hash, server_pk, client_id, grant_id, subject, scope, redirect_uri,
        code_challenge, auth_time, expires_at) VALUES ($1, $2, $3, $4, 'user', 'openid', 'https://tpp.example/cb', 'c', $5, $5)`,
      [randomUUID(), serverPk, clientId, randomUUID(), expiresAt],
    );
  }

  async function token(expiresAt: Date): Promise<void> {
    await db.query(
      `INSERT INTO token (token_hash, kind, server_pk, client_id, scope, issued_at, expires_at)
      VALUES ($1, 'access_token', $2, $3, 'accounts', $4, $4)`,
      [randomUUID(), serverPk, clientId, expiresAt],
    );
  }

  it('deletes what expired past the retention (replay records as soon as they expire) and keeps the rest', async () => {
    await db.query(`INSERT INTO replay_jti (key, expires_at) VALUES ($1, $2), ($3, $4)`, [
      `test:${randomUUID()}`,
      ago(1),
      `test:${randomUUID()}`,
      later,
    ]);
    const old = await pushedRequest(longAgo);
    await interaction(old, longAgo);
    await pushedRequest(longAgo);
    // A pushed request expires within seconds, but a login started from it lives on: it is kept while that runs.
    const running = await pushedRequest(longAgo);
    await interaction(running, later);
    await pushedRequest(lately);
    await pushedRequest(later);
    for (const at of [longAgo, lately, later]) {
      await code(at);
      await token(at);
    }

    const result = await as.app.get(Housekeeping).sweep(now);

    expect(result.swept).toBe(true);
    expect(result.deleted).toMatchObject({ interaction: 1, pushed_request: 2, authorization_code: 1, token: 1 });
    expect(result.deleted.replay_jti).toBeGreaterThanOrEqual(1);
    expect(await count('replay_jti', 'expires_at <= $1', [now])).toBe(0);
    expect(await count('replay_jti', 'expires_at > $1', [now])).toBeGreaterThanOrEqual(1);
    expect(await count('pushed_request', 'id = $1', [running])).toBe(1);
    expect(await count('interaction', 'pushed_request_id = $1', [running])).toBe(1);
    expect(await count('pushed_request', 'id = $1', [old])).toBe(0);
    expect(await count('authorization_code', 'expires_at <= $1', [ago(RETENTION_SECONDS)])).toBe(0);
    expect(await count('authorization_code', 'client_id = $1', [clientId])).toBe(2);
    expect(await count('token', 'client_id = $1', [clientId])).toBe(2);
  });

  it('one process sweeps at a time: while another holds the lock, a sweep does nothing', async () => {
    await token(longAgo);
    const other = new Client({ connectionString: testDatabaseUrl() });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
        `ofs_housekeeping ${as.sandbox.config.database.schema}`,
      ]);
      const skipped = await as.app.get(Housekeeping).sweep(now);
      expect(skipped.swept).toBe(false);
      expect(await count('token', 'expires_at <= $1', [ago(RETENTION_SECONDS)])).toBe(1);
      await other.query('COMMIT');
    } finally {
      await other.end();
    }
    const swept = await as.app.get(Housekeeping).sweep(now);
    expect(swept).toMatchObject({ swept: true, deleted: { token: 1 } });
  });
});
