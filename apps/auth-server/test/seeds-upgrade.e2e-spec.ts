import { migrateDatabase } from '@ofs/platform';
import { SANDBOX_PKI_LAYOUT } from '@ofs/pki';
import { Client } from 'pg';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '../../../test/support/test-database';
import { startTestApp, type TestApp } from '../../../test/support/test-app';
import type { AuthServerEnv } from '../src/config/auth-server.env';
import { authServerApp } from '../src/configure-app';
import { authServerMigrations } from '../src/database/migrations';
import { IdentityPools1796100000000 } from '../src/database/migrations/1796100000000-identity-pools';
import { PoolIdentityProvider } from '../src/identity/pool-identity-provider';
import { IdentityPoolSeeder } from '../src/identity-pools/identity-pool.seeder';
import { ServerRegistry } from '../src/servers/server-registry.service';

// Issue 8 item 3: a sandbox initialised before identity pools (its .data/ kept) gains them, the admin server and
// the new clients and scopes at its next start — no `npm run clean` — and keeps what its operator changed.
describe('seeds reach a sandbox initialised before identity pools', () => {
  const schema = uniqueSchema('auth_server_upgrade');
  let sql: Client;
  let sandbox: TestApp<AuthServerEnv> | undefined;

  /** The settings the previous release seeded (no identityPool, five system scopes). */
  const oldSettings = (accessTokenTtlSeconds: number) => ({
    scopes: ['openid', 'email', 'profile', 'offline_access', 'accounts'],
    defaultScopes: ['openid', 'email', 'profile', 'offline_access', 'accounts'],
    systemScopes: ['introspect_tokens', 'revoke_tokens', 'manage_logins', 'manage_servers', 'manage_consents'],
    authorizationDetailsTypes: ['account_information'],
    accessTokenTtlSeconds,
    refreshTokenTtlSeconds: 7776000,
    idTokenTtlSeconds: 600,
    parTtlSeconds: 90,
    authorizationCodeTtlSeconds: 60,
  });

  beforeAll(async () => {
    const earlier = authServerMigrations.slice(0, authServerMigrations.indexOf(IdentityPools1796100000000));
    expect(earlier.length).toBeGreaterThan(0);
    await migrateDatabase(testDatabaseUrl(), { ...authServerApp.database, migrations: earlier, schema }, 'test');
    sql = new Client({ connectionString: testDatabaseUrl() });
    await sql.connect();
    await sql.query(`SET search_path TO "${schema}"`);
    // What the previous release left: its two servers (gobank's token lifetime changed by the operator, hyperscalebank
    // sending its logins to a consent page of the operator's) and the
    // Hyperscale Bank client with its scopes of then.
    const servers = await sql.query<{ id: string; server_id: string }>(
      `INSERT INTO "server" ("tenant", "server_id", "name", "settings") VALUES
        ('obgeneric', 'gobank', 'Go Bank', $1::jsonb), ('obgeneric', 'hyperscalebank', 'Hyperscale Bank', $2::jsonb)
       RETURNING "id", "server_id"`,
      [
        JSON.stringify(oldSettings(300)),
        JSON.stringify({ ...oldSettings(600), consentPageUrl: 'https://hs.example/' }),
      ],
    );
    const hyperscale = servers.rows.find((s) => s.server_id === 'hyperscalebank')!;
    await sql.query(
      `INSERT INTO "client" ("client_id", "server_pk", "system", "metadata") VALUES ('hyperscalebank-bank', $1, true, $2::jsonb)`,
      [
        hyperscale.id,
        JSON.stringify({
          client_name: 'Hyperscale Bank',
          grant_types: ['client_credentials'],
          token_endpoint_auth_method: 'tls_client_auth',
          tls_client_auth_subject_dn: SANDBOX_PKI_LAYOUT.clients.find((c) => c.name === 'hyperscale-bank')!.subject,
          tls_client_certificate_bound_access_tokens: true,
          scope: 'introspect_tokens manage_logins revoke_tokens',
        }),
      ],
    );
    // …and Go Bank's consent storage client from before the audit trail (no read_audit).
    const gobank = servers.rows.find((s) => s.server_id === 'gobank')!;
    await sql.query(
      `INSERT INTO "client" ("client_id", "server_pk", "system", "metadata") VALUES ('gobank-consent-storage', $1, true, $2::jsonb)`,
      [
        gobank.id,
        JSON.stringify({
          client_name: 'Go Bank consent storage',
          grant_types: ['client_credentials'],
          token_endpoint_auth_method: 'tls_client_auth',
          tls_client_auth_subject_dn: SANDBOX_PKI_LAYOUT.clients.find((c) => c.name === 'consent-admin')!.subject,
          tls_client_certificate_bound_access_tokens: true,
          scope: 'revoke_tokens introspect_tokens',
        }),
      ],
    );
  });
  afterAll(async () => {
    await sandbox?.close();
    await sql?.end();
    await dropSchema(schema);
  });

  const rows = async <T extends object>(text: string, params: unknown[] = []) =>
    (await sql.query<T & Record<string, unknown>>(text, params)).rows;

  it('the next start migrates and seeds: pools with their users, the admin server, the new clients and scopes', async () => {
    sandbox = await startTestApp(authServerApp, {}, { schema });
    const servers = await rows<{ server_id: string; settings: Record<string, unknown> }>(
      `SELECT "server_id", "settings" FROM "server" ORDER BY "server_id"`,
    );
    expect(servers.map((s) => [s.server_id, s.settings.identityPool])).toEqual([
      ['admin', 'obgeneric-staff'],
      ['gobank', 'obgeneric-customers'],
      ['hyperscalebank', 'obgeneric-customers'],
    ]);
    const gobank = servers.find((s) => s.server_id === 'gobank')!.settings;
    expect(gobank.accessTokenTtlSeconds).toBe(300); // the operator's change is kept
    expect(gobank.systemScopes).toEqual(expect.arrayContaining(['manage_identity_pools', 'read_audit']));
    // Issue 10: a bank server without a consent page gains its bank's; one the operator set is kept.
    expect(servers.map((s) => [s.server_id, s.settings.consentPageUrl])).toEqual([
      ['admin', undefined],
      ['gobank', 'https://localhost:7080'],
      ['hyperscalebank', 'https://hs.example/'],
    ]);

    const clients = await rows<{ client_id: string; scope: string }>(
      `SELECT "client_id", "metadata" ->> 'scope' AS "scope" FROM "client" ORDER BY "client_id"`,
    );
    expect(clients.find((c) => c.client_id === 'hyperscalebank-bank')?.scope).toBe(
      'introspect_tokens manage_logins revoke_tokens manage_identity_pools',
    );
    // The consent console reads a consent's timeline (the audit trail) with the consent storage clients.
    expect(clients.find((c) => c.client_id === 'gobank-consent-storage')?.scope).toBe(
      'revoke_tokens introspect_tokens read_audit',
    );
    expect(clients.find((c) => c.client_id === 'hyperscalebank-consent-storage')?.scope).toBe(
      'manage_identity_pools introspect_tokens read_audit',
    );
    expect(clients.map((c) => c.client_id)).toEqual(
      expect.arrayContaining(['hyperscalebank-consent-storage', 'consent-admin-console']),
    );

    const pools = await rows<{ pool_id: string; records: number }>(
      `SELECT p."pool_id", count(r."id")::int AS "records" FROM "identity_pool" p
       LEFT JOIN "identity_record" r ON r."pool_pk" = p."id" GROUP BY p."pool_id" ORDER BY p."pool_id"`,
    );
    expect(pools).toEqual([
      { pool_id: 'hyperscalebank-consents', records: 0 },
      { pool_id: 'obgeneric-customers', records: 1 },
      { pool_id: 'obgeneric-staff', records: 1 },
    ]);
    const app = sandbox.apps.api!;
    const registry = app.get(ServerRegistry);
    const idp = app.get(PoolIdentityProvider);
    expect(await idp.authenticate(await registry.resolve('obgeneric', 'gobank'), 'user', 'p@ssword!')).toMatchObject({
      sub: 'user',
      name: 'Joe Doe',
    });
    expect(await idp.authenticate(await registry.resolve('obgeneric', 'admin'), 'admin', 'p@ssword!')).toMatchObject({
      sub: 'admin',
    });
    await sandbox.close();
    sandbox = undefined;
  });

  it('later starts change nothing: no duplicates, and a seeded record an operator deleted stays deleted', async () => {
    await sql.query(
      `DELETE FROM "identity_record" WHERE "username" = 'admin' AND "pool_pk" =
        (SELECT "id" FROM "identity_pool" WHERE "pool_id" = 'obgeneric-staff')`,
    );
    const before = await rows(`SELECT "pool_id", "schema_version", "updated_at" FROM "identity_pool" ORDER BY 1`);
    sandbox = await startTestApp(authServerApp, {}, { schema });
    expect(await rows(`SELECT "pool_id", "schema_version", "updated_at" FROM "identity_pool" ORDER BY 1`)).toEqual(
      before,
    );
    expect(await rows(`SELECT "username" FROM "identity_record" ORDER BY 1`)).toEqual([{ username: 'user' }]);
    expect(await rows(`SELECT 1 FROM "server" WHERE "server_id" = 'admin'`)).toHaveLength(1);
  });

  it('workers starting at once create a missing pool once', async () => {
    await sql.query(`DELETE FROM "identity_pool" WHERE "pool_id" = 'obgeneric-staff'`);
    const seeder = sandbox!.apps.api!.get(IdentityPoolSeeder);
    await Promise.all([
      seeder.onApplicationBootstrap(),
      seeder.onApplicationBootstrap(),
      seeder.onApplicationBootstrap(),
    ]);
    expect(
      await rows(
        `SELECT count(DISTINCT p."id")::int AS "pools", count(r."id")::int AS "records" FROM "identity_pool" p
         JOIN "identity_record" r ON r."pool_pk" = p."id" WHERE p."pool_id" = 'obgeneric-staff'`,
      ),
    ).toEqual([{ pools: 1, records: 1 }]);
  });
});
