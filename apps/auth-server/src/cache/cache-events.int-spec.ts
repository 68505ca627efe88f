import type { RuntimeConfig } from '@ofs/platform';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { testDatabaseUrl, uniqueSchema } from '../../../../test/support/test-database';
import { CacheEvents } from './cache-events.service';

/** Two CacheEvents on one schema stand for two processes of the server (workers or replicas). */
describe('CacheEvents (PostgreSQL LISTEN/NOTIFY)', () => {
  let sql: Client;
  const started: CacheEvents[] = [];

  function processOf(schema: string): CacheEvents {
    const db = { query: (text: string, params: unknown[]) => sql.query(text, params) } as unknown as DataSource;
    const config = { database: { url: testDatabaseUrl(), schema } } as RuntimeConfig;
    const events = new CacheEvents(db, config);
    started.push(events);
    return events;
  }

  function nextEvent(events: CacheEvents, topic: 'client' | 'server' | 'keys'): Promise<string | undefined> {
    return new Promise((resolve) => events.on(topic, resolve));
  }

  beforeAll(async () => {
    sql = new Client({ connectionString: testDatabaseUrl() });
    await sql.connect();
  });

  afterAll(async () => {
    for (const events of started) await events.onApplicationShutdown();
    await sql.end();
  });

  it('tells this process at once and another process through a notification', async () => {
    const schema = uniqueSchema('cache');
    const [a, b] = [processOf(schema), processOf(schema)];
    await a.onModuleInit();
    await b.onModuleInit();
    const seenHere: Array<string | undefined> = [];
    a.on('client', (key) => seenHere.push(key));
    const seenThere = nextEvent(b, 'client');

    await a.publish('client', 'client-123');

    expect(seenHere).toEqual(['client-123']);
    await expect(seenThere).resolves.toBe('client-123');
    // Its own notification comes back to it too, and is not applied twice: by the time a later event of another
    // process arrives, the first one has come and gone.
    const later = nextEvent(a, 'server');
    await b.publish('server', 'obgeneric/gobank');
    await later;
    expect(seenHere).toEqual(['client-123']);
  });

  it('keeps topics apart, and schemas (other deployments or test files) apart', async () => {
    const schema = uniqueSchema('cache');
    const [a, b, elsewhere] = [processOf(schema), processOf(schema), processOf(uniqueSchema('cache'))];
    for (const events of [a, b, elsewhere]) await events.onModuleInit();
    const clientEvents: Array<string | undefined> = [];
    const foreign: Array<string | undefined> = [];
    b.on('client', (key) => clientEvents.push(key));
    elsewhere.on('keys', (key) => foreign.push(key));
    const keys = nextEvent(b, 'keys');

    await a.publish('keys', 'server-pk');

    await expect(keys).resolves.toBe('server-pk');
    // A later event in the same channel arrives after this one: nothing else was delivered by then.
    const marker = nextEvent(b, 'server');
    await a.publish('server', 'obgeneric/gobank');
    await marker;
    expect(clientEvents).toEqual([]);
    expect(foreign).toEqual([]);
  });

  it('after its connection is lost, reconnects and tells every cache to forget everything', async () => {
    const schema = uniqueSchema('cache');
    const [a, b] = [processOf(schema), processOf(schema)];
    await a.onModuleInit();
    await b.onModuleInit();
    const forgetAll = nextEvent(b, 'client');

    await sql.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE application_name = 'cache-events' AND query LIKE $1`,
      [`LISTEN "ofs_cache_${schema}"%`],
    );

    await expect(forgetAll).resolves.toBeUndefined();
    const again = nextEvent(b, 'client');
    await a.publish('client', 'after-reconnect');
    await expect(again).resolves.toBe('after-reconnect');
  });
});
