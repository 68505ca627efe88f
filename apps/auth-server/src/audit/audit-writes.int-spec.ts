import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrateDatabase } from '@ofs/platform';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '../../../../test/support/test-database';
import { randomToken, sha256 } from '../common/hash';
import { authServerApp } from '../configure-app';
import { TokenStore, type IssueTokenInput } from '../token-store/token-store.service';
import { TokenRepository } from '../token-store/token.repository';
import { AuthorizationCodeRepository } from '../authorize/authorization-code.repository';
import type { AuditEventInput } from './audit-event';
import { AuditEventRepository } from './audit-event.repository';

// An event and the change it records commit together or not at all (the hot paths write both in one statement).
describe('audit events ride in the statement of the change they record (PostgreSQL)', () => {
  const schema = uniqueSchema('auth_server_audit');
  let db: DataSource;
  let tokens: TokenStore;
  let serverPk: string;
  const t0 = new Date('2026-12-01T10:00:00.000Z');

  beforeAll(async () => {
    const database = { ...authServerApp.database, schema };
    await migrateDatabase(testDatabaseUrl(), database, 'test');
    db = new DataSource(dataSourceOptions(testDatabaseUrl(), database, 'test'));
    await db.initialize();
    tokens = new TokenStore(
      new TokenRepository(db),
      new AuthorizationCodeRepository(db),
      new AuditEventRepository(db),
      db,
    );
    const [server] = (await db.query(
      `INSERT INTO "server" ("tenant", "server_id", "name", "settings") VALUES ('tenant-a', 'bank', 'Bank', '{}') RETURNING "id"`,
    )) as Array<{ id: string }>;
    serverPk = server!.id;
    await db.query(`INSERT INTO "client" ("client_id", "server_pk", "metadata") VALUES ('tpp', $1, '{}'::jsonb)`, [
      serverPk,
    ]);
  });
  afterAll(async () => {
    await db?.destroy();
    await dropSchema(schema);
  });

  const grantId = randomUUID();
  const input = (kind: IssueTokenInput['kind']): IssueTokenInput => ({
    kind,
    serverPk,
    clientId: 'tpp',
    grantId,
    subject: 'user',
    scope: 'accounts',
    consentId: 'consent-1',
    binding: { tokenType: 'DPoP', jkt: 'thumbprint' },
    issuedAt: t0,
    ttlSeconds: 600,
  });
  const event = (
    type: 'code.redeemed' | 'code.reused',
    flowId: string | null = null,
    requestId = 'req-1',
    revoked = 0,
  ): AuditEventInput => {
    const base = {
      outcome: 'success' as const,
      at: t0,
      tenant: 'tenant-a',
      serverId: 'bank',
      clientId: 'tpp',
      subject: 'user',
      consentId: 'consent-1',
      flowId,
      origin: { requestId, sourceAddress: '127.0.0.1' },
    };
    return type === 'code.redeemed'
      ? { ...base, type, detail: { grant_id: grantId } }
      : { ...base, type, detail: { grant_id: grantId, revoked_tokens: revoked } };
  };
  const newCode = async () => {
    const hash = sha256(randomToken(32));
    await db.query(
      `INSERT INTO "authorization_code" ("code_hash", "server_pk", "client_id", "grant_id", "subject", "scope",
        "consent_id", "redirect_uri", "code_challenge", "auth_time", "expires_at")
       VALUES ($1, $2, 'tpp', $3, 'user', 'accounts', 'consent-1', 'https://tpp.example/cb', 'x', $4, $4)`,
      [hash, serverPk, grantId, t0],
    );
    return hash;
  };
  const count = async (sql: string, params: unknown[] = []) =>
    ((await db.query(sql, params)) as Array<{ n: number }>)[0]!.n;
  const eventsOf = (requestId: string) =>
    db.query(`SELECT "type" FROM "audit_event" WHERE "request_id" = $1 ORDER BY "seq"`, [requestId]) as Promise<
      Array<{ type: string }>
    >;

  it('a code redemption stores its tokens and its events in one statement, in order', async () => {
    const hash = await newCode();
    const events = [event('code.redeemed', null, 'redeem-ok'), event('code.reused', null, 'redeem-ok')];
    const issued = await tokens.redeemCode(hash, t0, [input('access_token'), input('refresh_token')], events);
    expect(issued).toHaveLength(2);
    expect(await eventsOf('redeem-ok')).toEqual([{ type: 'code.redeemed' }, { type: 'code.reused' }]);
  });

  it('a code consumed in the meantime stores neither tokens nor events', async () => {
    const hash = await newCode();
    await db.query(`UPDATE "authorization_code" SET "consumed_at" = $2 WHERE "code_hash" = $1`, [hash, t0]);
    const before = await count(`SELECT count(*)::int AS n FROM "token"`);
    const events = [event('code.redeemed', null, 'redeem-late')];
    expect(await tokens.redeemCode(hash, t0, [input('access_token')], events)).toBeNull();
    expect(await count(`SELECT count(*)::int AS n FROM "token"`)).toBe(before);
    expect(await eventsOf('redeem-late')).toEqual([]);
  });

  it('an event that cannot be written takes the change with it: the code stays unused, no token is stored', async () => {
    const hash = await newCode();
    const before = await count(`SELECT count(*)::int AS n FROM "token"`);
    await expect(
      tokens.redeemCode(hash, t0, [input('access_token')], [event('code.redeemed', 'not-a-uuid')]),
    ).rejects.toThrow();
    expect(await count(`SELECT count(*)::int AS n FROM "token"`)).toBe(before);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM "authorization_code" WHERE "code_hash" = $1 AND "consumed_at" IS NULL`,
        [hash],
      ),
    ).toBe(1);
    await expect(tokens.issue(input('access_token'), [event('code.redeemed', 'not-a-uuid')])).rejects.toThrow();
    expect(await count(`SELECT count(*)::int AS n FROM "token"`)).toBe(before);
  });

  it('a revocation and its event commit in one transaction', async () => {
    const token = await tokens.issue({ ...input('access_token'), grantId: randomUUID() });
    const found = await tokens.find(serverPk, token);
    await expect(
      tokens.revokeGrant(serverPk, found!.grantId!, t0, () => event('code.reused', 'not-a-uuid')),
    ).rejects.toThrow();
    expect(await tokens.findActive(serverPk, token, t0)).not.toBeNull();
    const revoked = await tokens.revokeGrant(serverPk, found!.grantId!, t0, (n) =>
      event('code.reused', null, 'reuse', n),
    );
    expect(revoked).toBe(1);
    expect(await tokens.findActive(serverPk, token, t0)).toBeNull();
    expect(await eventsOf('reuse')).toEqual([{ type: 'code.reused' }]);
  });
});
