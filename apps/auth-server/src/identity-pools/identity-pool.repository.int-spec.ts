import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrateDatabase } from '@ofs/platform';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '../../../../test/support/test-database';
import { sha256 } from '../common/hash';
import { authServerApp } from '../configure-app';
import { TokenStore } from '../token-store/token-store.service';
import { TokenRepository } from '../token-store/token.repository';
import { AuthorizationCodeRepository } from '../authorize/authorization-code.repository';
import { IdentityPoolError } from './identity-pool.error';
import { IdentityPoolRepository } from './identity-pool.repository';
import { IdentityRecordRepository } from './identity-record.repository';
import { AuditEventRepository } from '../audit/audit-event.repository';

// The pool and record tables' rules, on the real PostgreSQL: tenant isolation, usernames unique per pool,
// versions, attribute search with its cursor, and consent revocation that commits or rolls back with its caller.
describe('identity pool repositories (PostgreSQL)', () => {
  const schema = uniqueSchema('auth_server_pools');
  let db: DataSource;
  let pools: IdentityPoolRepository;
  let records: IdentityRecordRepository;
  const t0 = new Date('2026-12-01T10:00:00.000Z');
  const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
  const objectSchema = { type: 'object' };

  beforeAll(async () => {
    const database = { ...authServerApp.database, schema };
    await migrateDatabase(testDatabaseUrl(), database, 'test');
    db = new DataSource(dataSourceOptions(testDatabaseUrl(), database, 'test'));
    await db.initialize();
    pools = new IdentityPoolRepository(db);
    records = new IdentityRecordRepository(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await dropSchema(schema);
  });

  const newPool = (tenant: string, poolId: string) =>
    db.transaction((tx) =>
      pools.insert(tx, { tenant, poolId, description: '', schema: objectSchema, consentsOfServer: null }),
    );

  it('a pool name is unique within its tenant only, and a tenant never finds another tenant’s pool', async () => {
    const a = await newPool('tenant-a', 'people');
    const b = await newPool('tenant-b', 'people');
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    expect(a!.id).not.toBe(b!.id);
    expect(await newPool('tenant-a', 'people')).toBeNull();
    expect((await pools.find('tenant-a', 'people'))!.id).toBe(a!.id);
    expect(await pools.find('tenant-c', 'people')).toBeNull();
    expect((await pools.listForTenant('tenant-b')).map((p) => p.id)).toEqual([b!.id]);
  });

  it('a schema change raises the schema version', async () => {
    const pool = (await newPool('tenant-a', 'versions'))!;
    expect(pool.schemaVersion).toBe(1);
    const changed = await db.transaction((tx) => pools.updateSchema(tx, pool.id, { type: 'object', required: [] }));
    expect([changed.schemaVersion, changed.schema]).toEqual([2, { type: 'object', required: [] }]);
  });

  it('usernames are unique per pool (409 conflict), free across pools, and a failed write leaves nothing', async () => {
    const one = (await newPool('tenant-a', 'users-1'))!;
    const two = (await newPool('tenant-a', 'users-2'))!;
    const write = { attributes: { username: 'joe' }, passwordHash: null, now: t0 };
    await db.transaction((tx) => records.insert(tx, one.id, randomUUID(), write));
    await db.transaction((tx) => records.insert(tx, two.id, randomUUID(), write));
    const duplicate = db.transaction((tx) => records.insert(tx, one.id, randomUUID(), write));
    await expect(duplicate).rejects.toBeInstanceOf(IdentityPoolError);
    await expect(duplicate).rejects.toMatchObject({ status: 409 });
    expect(await records.search(one.id, [['username', 'joe']], null, 10)).toHaveLength(1);
    expect((await records.findByUsername('tenant-a', 'users-2', 'joe'))?.poolPk).toBe(two.id);
    expect(await records.findByUsername('tenant-b', 'users-2', 'joe')).toBeNull();
  });

  it('an update raises the version, keeps the password hash unless given, and follows the username', async () => {
    const pool = (await newPool('tenant-a', 'updates'))!;
    const id = randomUUID();
    await db.transaction((tx) =>
      records.insert(tx, pool.id, id, { attributes: { username: 'ann' }, passwordHash: 'h1', now: t0 }),
    );
    const renamed = await db.transaction((tx) =>
      records.update(tx, pool.id, id, { attributes: { username: 'anna' }, now: at(1) }),
    );
    expect([renamed.version, renamed.passwordHash, renamed.username]).toEqual([2, 'h1', 'anna']);
    expect(renamed.updatedAt).toEqual(at(1));
    const rehashed = await db.transaction((tx) =>
      records.update(tx, pool.id, id, { attributes: { username: 'anna' }, passwordHash: 'h2', now: at(2) }),
    );
    expect([rehashed.version, rehashed.passwordHash]).toEqual([3, 'h2']);
    // Another pool's id finds nothing.
    const other = (await newPool('tenant-a', 'updates-other'))!;
    expect(await records.find(other.id, id)).toBeNull();
  });

  it('search: equal attributes (as text) and array members, every filter holding, newest first, page by page', async () => {
    const pool = (await newPool('tenant-a', 'consents'))!;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = randomUUID();
      ids.push(id);
      const attributes = {
        subject: i % 2 ? 'bob' : 'user',
        status: i === 4 ? 'revoked' : 'authorized',
        account_ids: [`acc-${i}`, 'shared'],
        vip: i === 0,
        n: i,
      };
      await db.transaction((tx) => records.insert(tx, pool.id, id, { attributes, passwordHash: null, now: at(i) }));
    }
    const idsOf = (rows: Array<{ id: string }>) => rows.map((r) => r.id);
    expect(idsOf(await records.search(pool.id, [['subject', 'user']], null, 10))).toEqual([ids[4], ids[2], ids[0]]);
    expect(
      idsOf(
        await records.search(
          pool.id,
          [
            ['subject', 'user'],
            ['status', 'authorized'],
          ],
          null,
          10,
        ),
      ),
    ).toEqual([ids[2], ids[0]]);
    expect(idsOf(await records.search(pool.id, [['account_ids', 'acc-3']], null, 10))).toEqual([ids[3]]);
    expect(idsOf(await records.search(pool.id, [['vip', 'true']], null, 10))).toEqual([ids[0]]);
    expect(idsOf(await records.search(pool.id, [['n', '2']], null, 10))).toEqual([ids[2]]);
    expect(await records.search(pool.id, [['missing', 'x']], null, 10)).toEqual([]);
    const page1 = await records.search(pool.id, [['account_ids', 'shared']], null, 2);
    const last1 = page1[1]!;
    const page2 = await records.search(
      pool.id,
      [['account_ids', 'shared']],
      { createdAt: last1.createdAt, id: last1.id },
      2,
    );
    const last2 = page2[1]!;
    const page3 = await records.search(
      pool.id,
      [['account_ids', 'shared']],
      { createdAt: last2.createdAt, id: last2.id },
      2,
    );
    expect([idsOf(page1), idsOf(page2), idsOf(page3)]).toEqual([[ids[4], ids[3]], [ids[2], ids[1]], [ids[0]]]);
    expect(idsOf(await records.batchAfter(db.manager, pool.id, null, 10))).toEqual([...ids].sort());
  });

  describe('revoking a consent joins the caller’s transaction', () => {
    let tokens: TokenStore;
    let serverPk: string;

    beforeAll(async () => {
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

    const issue = (consentId: string) =>
      tokens.issue({
        kind: 'access_token',
        serverPk,
        clientId: 'tpp',
        scope: 'accounts',
        consentId,
        binding: { tokenType: 'DPoP', jkt: 'thumbprint' },
        issuedAt: t0,
        ttlSeconds: 3600,
      });
    const code = async (consentId: string) => {
      const hash = sha256(randomUUID());
      await db.query(
        `INSERT INTO "authorization_code" ("code_hash", "server_pk", "client_id", "grant_id", "subject", "scope",
          "consent_id", "redirect_uri", "code_challenge", "auth_time", "expires_at")
         VALUES ($1, $2, 'tpp', $3, 'user', 'accounts', $4, 'https://tpp.example/cb', 'x', $5, $6)`,
        [hash, serverPk, randomUUID(), consentId, t0, at(60)],
      );
      return hash;
    };
    const codeConsumed = async (hash: string) =>
      (
        (await db.query(`SELECT "consumed_at" FROM "authorization_code" WHERE "code_hash" = $1`, [hash])) as Array<{
          consumed_at: Date | null;
        }>
      )[0]!.consumed_at !== null;

    it('rolled back with it: tokens and codes stay usable', async () => {
      const token = await issue('consent-rollback');
      const hash = await code('consent-rollback');
      await expect(
        db.transaction(async (tx) => {
          expect(await tokens.revokeConsent(serverPk, 'consent-rollback', at(10), tx)).toBe(1);
          throw new Error('the record update failed');
        }),
      ).rejects.toThrow('the record update failed');
      expect(await tokens.findActive(serverPk, token, at(11))).not.toBeNull();
      expect(await codeConsumed(hash)).toBe(false);
    });

    it('committed with it: the consent’s tokens and codes end, another consent’s stay', async () => {
      const token = await issue('consent-commit');
      const other = await issue('consent-other');
      const hash = await code('consent-commit');
      await db.transaction((tx) => tokens.revokeConsent(serverPk, 'consent-commit', at(10), tx));
      expect(await tokens.findActive(serverPk, token, at(11))).toBeNull();
      expect(await codeConsumed(hash)).toBe(true);
      expect(await tokens.findActive(serverPk, other, at(11))).not.toBeNull();
    });
  });
});
