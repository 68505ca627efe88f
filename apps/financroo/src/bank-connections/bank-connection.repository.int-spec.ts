import { dataSourceOptions, migrateDatabase } from '@ofs/platform';
import { DataSource } from 'typeorm';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '../../../../test/support/test-database';
import { financrooApp } from '../configure-app';
import { BankRegistrationRepository } from '../registration/bank-registration.repository';
import { BankConnectionRepository, type NewTokens } from './bank-connection.repository';

// The repositories on the real database: every connection read and changed with its user named.
describe('financroo repositories', () => {
  const schema = uniqueSchema('financroo_repos');
  let db: DataSource;
  let connections: BankConnectionRepository;
  const now = new Date('2026-03-01T10:00:00Z');
  const tokens = (tag: string): NewTokens => ({
    clientId: 'client-1',
    accessToken: `sealed-access-${tag}`,
    accessTokenExpiresAt: new Date('2026-03-01T10:10:00Z'),
    refreshToken: `sealed-refresh-${tag}`,
    scope: 'openid offline_access accounts',
  });
  const grant = {
    authorizationDetails: [{ type: 'account_information', accounts: ['1000001'] }],
    accountIds: ['1000001'],
  };

  beforeAll(async () => {
    const database = { ...financrooApp.database, schema };
    await migrateDatabase(testDatabaseUrl(), database, 'test');
    db = new DataSource(dataSourceOptions(testDatabaseUrl(), database, 'test'));
    await db.initialize();
    connections = new BankConnectionRepository(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await dropSchema(schema);
  });

  it("a new consent replaces the user's earlier connection to the bank, and hands it back (to revoke)", async () => {
    const first = await connections.connect('test', 'gobank', tokens('a'), grant, now);
    expect(first.replaced).toBeNull();
    const second = await connections.connect('test', 'gobank', tokens('b'), grant, now);
    expect(second.replaced?.refreshToken).toBe('sealed-refresh-a');
    expect((await connections.listForUser('test')).map((c) => c.accessToken)).toEqual(['sealed-access-b']);
    expect((await connections.findForUser('test', 'gobank'))?.accountIds).toEqual(['1000001']);
  });

  it('connects finishing at the same moment (two tabs) take turns: one connection left, each earlier one handed back', async () => {
    const done = await Promise.all(
      ['t1', 't2', 't3', 't4', 't5', 't6'].map((tag) =>
        connections.connect('bob', 'hyperscalebank', tokens(tag), grant, now),
      ),
    );
    const left = await connections.listForUser('bob');
    expect(left).toHaveLength(1);
    // Every connection but the last one standing was replaced by exactly one later connect.
    const replaced = done.map((d) => d.replaced?.accessToken).filter(Boolean);
    expect(replaced).toHaveLength(5);
    expect(new Set([...replaced, left[0]!.accessToken])).toEqual(new Set(done.map((d) => d.connection.accessToken)));
  });

  it("another user's connection cannot be read, marked or forgotten", async () => {
    const { connection } = await connections.connect('alice', 'gobank', tokens('alice'), grant, now);
    await connections.needsReconnect('test', connection.id, 'x', now);
    await connections.forget('test', connection.id);
    await connections.refreshed(
      'test',
      connection.id,
      { accessToken: 'stolen', accessTokenExpiresAt: now, refreshToken: null },
      now,
    );
    const alice = await connections.findForUser('alice', 'gobank');
    expect([alice?.status, alice?.accessToken]).toEqual(['active', 'sealed-access-alice']);
    expect((await connections.listForUser('test')).map((c) => c.userId)).toEqual(['test']);
    await connections.needsReconnect('alice', connection.id, 'consent revoked', now);
    expect((await connections.findForUser('alice', 'gobank'))?.statusReason).toBe('consent revoked');
    await connections.forget('alice', connection.id);
    expect(await connections.findForUser('alice', 'gobank')).toBeNull();
  });

  it('a registration is stored once per bank; saving again updates it in place', async () => {
    const registrations = new BankRegistrationRepository(db);
    const base = {
      bankId: 'gobank',
      issuer: 'https://localhost:8443/obgeneric/gobank',
      clientId: 'c1',
      authentication: 'private_key_jwt',
      registrationClientUri: 'https://localhost:8443/obgeneric/gobank/oauth2/register/c1',
      registrationAccessToken: 'sealed-rat',
      metadata: { client_name: 'Financroo' },
      signingKey: 'sealed-key',
      dpopKey: 'sealed-dpop',
      createdAt: now,
      updatedAt: now,
    };
    await registrations.saveForBank(base);
    const later = new Date('2026-03-02T10:00:00Z');
    await registrations.saveForBank({
      ...base,
      metadata: { client_name: 'Financroo 2' },
      registrationAccessToken: 'sealed-rat-2',
      updatedAt: later,
    });
    const stored = await registrations.findForBank('gobank');
    expect(stored).toMatchObject({
      clientId: 'c1',
      metadata: { client_name: 'Financroo 2' },
      registrationAccessToken: 'sealed-rat-2',
      createdAt: now,
      updatedAt: later,
    });
    await registrations.saveForBank({ ...base, clientId: 'c2', updatedAt: later });
    expect(await registrations.findForBank('gobank')).toMatchObject({ clientId: 'c2', createdAt: later });
  });
});
