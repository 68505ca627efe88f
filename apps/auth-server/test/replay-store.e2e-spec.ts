import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { PgReplayStore } from '../src/replay/pg-replay.store';
import { ReplayJtiRepository } from '../src/replay/replay-jti.repository';
import { startAuthServer, type AuthServerHarness } from './auth-server-harness';

// RFC 7523 §3 (7), RFC 9449 §11.1 (TOKEN-11, DPOP replay checks): the shared jti store, batched per event-loop turn.
describe('PgReplayStore (PostgreSQL)', () => {
  let as: AuthServerHarness;
  let store: PgReplayStore;
  let db: DataSource;
  const inAMinute = (): Date => new Date(Date.now() + 60_000);

  beforeAll(async () => {
    as = await startAuthServer();
    store = as.app.get(PgReplayStore);
    db = as.app.get<DataSource>(getDataSourceToken());
  });
  afterAll(() => as?.close());

  it('takes a key once: the same key asked for five times at once is fresh exactly once', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => store.consume('k:same-turn', inAMinute())));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(results[0]).toBe(true);
  });

  it('refuses a key taken in an earlier statement', async () => {
    expect(await store.consume('k:later', inAMinute())).toBe(true);
    expect(await store.consume('k:later', inAMinute())).toBe(false);
  });

  it('writes the keys of one turn together and answers each of them', async () => {
    const keys = Array.from({ length: 50 }, (_, i) => `k:many:${i}`);
    await store.consume('k:many:7', inAMinute());
    const results = await Promise.all(keys.map((k) => store.consume(k, inAMinute())));
    expect(results.filter((fresh) => !fresh)).toHaveLength(1);
    expect(results[7]).toBe(false);
    const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM replay_jti WHERE key LIKE 'k:many:%'`);
    expect(count).toBe(50);
  });

  it('takes an expired key again (its row is reclaimed)', async () => {
    expect(await store.consume('k:expired', new Date(Date.now() - 1000))).toBe(true);
    expect(await store.consume('k:expired', inAMinute())).toBe(true);
    expect(await store.consume('k:expired', inAMinute())).toBe(false);
  });

  it('two processes racing on the same keys in opposite orders: each key is fresh once, no deadlock', async () => {
    const other = new PgReplayStore(new ReplayJtiRepository(db));
    const keys = Array.from({ length: 20 }, (_, i) => `k:race:${i}`);
    const [mine, theirs] = await Promise.all([
      Promise.all(keys.map((k) => store.consume(k, inAMinute()))),
      Promise.all([...keys].reverse().map((k) => other.consume(k, inAMinute()))),
    ]);
    theirs.reverse();
    keys.forEach((_, i) => expect([mine[i], theirs[i]].filter(Boolean)).toHaveLength(1));
  });

  it('a failed statement fails every request of the batch (never a silent success)', async () => {
    const broken = new PgReplayStore(
      new ReplayJtiRepository({
        query: () => Promise.reject(new Error('database down')),
      } as unknown as DataSource),
    );
    const results = await Promise.allSettled([broken.consume('a', inAMinute()), broken.consume('b', inAMinute())]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
