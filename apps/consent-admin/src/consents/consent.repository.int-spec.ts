import { randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { dataSourceOptions, migrateDatabase } from '@ofs/platform';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '../../../../test/support/test-database';
import { consentAdminApp } from '../configure-app';
import { TokenRevocationOutboxRepository } from '../token-revocation/token-revocation-outbox.repository';
import { decodeCursor, encodeCursor } from './consent-cursor';
import { ConsentEntity } from './consent.entity';
import { ConsentRepository } from './consent.repository';

const T0 = new Date('2026-12-01T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

function consent(overrides: Partial<ConsentEntity> = {}): ConsentEntity {
  return Object.assign(new ConsentEntity(), {
    id: randomBytes(18).toString('base64url'),
    bank: 'gobank',
    subject: 'user',
    clientId: 'tpp-1',
    clientName: 'Financroo',
    status: 'authorized',
    grantedScopes: ['accounts'],
    accountIds: ['1000001'],
    authorizationDetails: [{ type: 'account_information', actions: ['list_accounts'] }],
    createdAt: T0,
    updatedAt: T0,
    revokedAt: null,
    revokedBy: null,
    ...overrides,
  });
}

describe('consent storage repositories (real PostgreSQL)', () => {
  const schema = uniqueSchema('consent_admin_repo');
  let db: DataSource;
  let consents: ConsentRepository;
  let outbox: TokenRevocationOutboxRepository;

  beforeAll(async () => {
    const database = { ...consentAdminApp.database, schema };
    await migrateDatabase(testDatabaseUrl(), database, 'test');
    db = new DataSource(dataSourceOptions(testDatabaseUrl(), database, 'test'));
    await db.initialize();
    consents = new ConsentRepository(db);
    outbox = new TokenRevocationOutboxRepository(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await dropSchema(schema);
  });

  describe('search with keyset pagination', () => {
    const client = `tpp-page-${randomBytes(3).toString('hex')}`;
    const stored: ConsentEntity[] = [];

    beforeAll(async () => {
      // Seven consents; three share one created_at, so the id breaks the tie.
      const seconds = [0, 1, 2, 2, 2, 3, 4];
      for (const [i, s] of seconds.entries()) {
        const c = consent({ clientId: client, createdAt: at(s), updatedAt: at(s), accountIds: [`acc-${i % 2}`] });
        await consents.insert(c);
        stored.push(c);
      }
      // Another bank's consent of the same client is never seen through gobank.
      await consents.insert(consent({ bank: 'hyperscalebank', clientId: client, createdAt: at(5) }));
    });

    const newestFirst = () =>
      [...stored]
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
        .map((c) => c.id);

    it('pages through every consent exactly once, newest first, ties ordered by id', async () => {
      const seen: string[] = [];
      let after;
      for (let page = 0; page < 10; page++) {
        const rows = await consents.searchOfBank('gobank', { clientId: client }, 2, after);
        seen.push(...rows.map((r) => r.id));
        if (rows.length < 2) break;
        const last = rows[rows.length - 1]!;
        after = decodeCursor(encodeCursor(last));
      }
      expect(seen).toEqual(newestFirst());
    });

    it('filters by account id, status, subject and created range, combined', async () => {
      const acc1 = await consents.searchOfBank('gobank', { clientId: client, accountId: 'acc-1' }, 50);
      expect(acc1.map((c) => c.id).sort()).toEqual(
        stored
          .filter((_, i) => i % 2 === 1)
          .map((c) => c.id)
          .sort(),
      );
      const range = await consents.searchOfBank(
        'gobank',
        { clientId: client, createdFrom: at(2), createdTo: at(4) },
        50,
      );
      expect(range.map((c) => c.id).sort()).toEqual(
        stored
          .slice(2, 6)
          .map((c) => c.id)
          .sort(),
      );
      expect(await consents.searchOfBank('gobank', { clientId: client, subject: 'someone-else' }, 50)).toEqual([]);
      expect(await consents.searchOfBank('gobank', { clientId: client, status: 'revoked' }, 50)).toEqual([]);
    });

    it('reads a consent back exactly as stored, and only for its own bank', async () => {
      const first = stored[0]!;
      expect(await consents.findOfBank('gobank', first.id)).toEqual(first);
      expect(await consents.findOfBank('hyperscalebank', first.id)).toBeUndefined();
    });

    it('reads asked together (one statement for them) each get their own consent, of their own bank only', async () => {
      const ids = [...stored.map((c) => c.id), 'no-such-consent', stored[0]!.id];
      const [gobank, hyperscale] = await Promise.all([
        Promise.all(ids.map((id) => consents.findOfBank('gobank', id))),
        Promise.all(ids.map((id) => consents.findOfBank('hyperscalebank', id))),
      ]);
      expect(gobank).toEqual([...stored, undefined, stored[0]]);
      expect(hyperscale).toEqual(ids.map(() => undefined));
    });

    it('an invalid cursor is refused', () => {
      expect(() => decodeCursor('not-a-cursor')).toThrow(/cursor/);
      expect(() => decodeCursor(Buffer.from('["yesterday","x"]').toString('base64url'))).toThrow(/cursor/);
    });
  });

  describe('revocation and its outbox row, in one transaction', () => {
    it('revokes an authorized consent once: the second attempt changes nothing (the API answers 409)', async () => {
      const c = consent();
      await consents.insert(c);
      const first = await db.transaction((em) =>
        consents.revokeIfAuthorized(em, 'gobank', c.id, 'gobank-bank', at(10)),
      );
      expect(first).toMatchObject({
        status: 'revoked',
        revokedAt: at(10),
        revokedBy: 'gobank-bank',
        updatedAt: at(10),
      });
      const second = await db.transaction((em) => consents.revokeIfAuthorized(em, 'gobank', c.id, 'other', at(20)));
      expect(second).toBeUndefined();
      expect(await consents.findOfBank('gobank', c.id)).toMatchObject({ revokedAt: at(10), revokedBy: 'gobank-bank' });
    });

    it("cannot revoke another bank's consent, nor a rejected one", async () => {
      const foreign = consent({ bank: 'hyperscalebank' });
      const rejected = consent({ status: 'rejected' });
      await consents.insert(foreign);
      await consents.insert(rejected);
      await db.transaction(async (em) => {
        expect(await consents.revokeIfAuthorized(em, 'gobank', foreign.id, 'x', at(1))).toBeUndefined();
        expect(await consents.revokeIfAuthorized(em, 'gobank', rejected.id, 'x', at(1))).toBeUndefined();
      });
      expect((await consents.findOfBank('hyperscalebank', foreign.id))?.status).toBe('authorized');
    });

    it('when queueing the token revocation fails, the consent stays authorized (nothing half-written)', async () => {
      const c = consent();
      await consents.insert(c);
      await expect(
        db.transaction(async (em) => {
          await consents.revokeIfAuthorized(em, 'gobank', c.id, 'gobank-bank', at(1));
          // A row for a consent that does not exist violates the foreign key: the whole transaction is undone.
          await outbox.enqueue(em, 'gobank', [c.id, 'no-such-consent'], at(1));
        }),
      ).rejects.toThrow(/foreign key/);
      expect((await consents.findOfBank('gobank', c.id))?.status).toBe('authorized');
      expect((await outbox.latestOf([c.id])).size).toBe(0);
    });

    it('revoking all consents of one TPP revokes only its authorized ones at this bank, one outbox row each', async () => {
      const client = `tpp-all-${randomBytes(3).toString('hex')}`;
      const mine = [consent({ clientId: client }), consent({ clientId: client, accountIds: ['96534987'] })];
      const others = [
        consent({ clientId: client, status: 'rejected' }),
        consent({ clientId: client, bank: 'hyperscalebank' }),
        consent({ clientId: `${client}-other` }),
      ];
      for (const c of [...mine, ...others]) await consents.insert(c);
      const ids = await db.transaction(async (em) => {
        const revoked = await consents.revokeAuthorizedOfClient(em, 'gobank', client, 'staff', at(3));
        await outbox.enqueue(em, 'gobank', revoked, at(3));
        return revoked;
      });
      expect(ids.sort()).toEqual(mine.map((c) => c.id).sort());
      const rows = await outbox.latestOf([...mine, ...others].map((c) => c.id));
      expect([...rows.keys()].sort()).toEqual(ids);
      for (const row of rows.values())
        expect(row).toMatchObject({ attempts: 0, nextAttemptAt: at(3), deliveredAt: null });
    });
  });

  describe('outbox claims, backoff and retries (time passed in, no sleeps)', () => {
    async function queued(when: Date): Promise<string> {
      const c = consent({ createdAt: when });
      await consents.insert(c);
      await db.transaction(async (em) => {
        await consents.revokeIfAuthorized(em, 'gobank', c.id, 'gobank-bank', when);
        await outbox.enqueue(em, 'gobank', [c.id], when);
      });
      return c.id;
    }

    it('a due row is claimed; after a failure it is not due again before its backoff, then it is; once delivered never again', async () => {
      const start = at(100);
      const id = await queued(start);
      const claim = (now: Date) => db.transaction((em) => outbox.claimDue(em, now, 10, [id]));
      expect(await claim(at(99))).toEqual([]);
      const [row] = await claim(start);
      expect(row).toMatchObject({ consentId: id, attempts: 0 });

      await db.transaction((em) => outbox.markFailed(em, row!.id, 1, at(102), 'connect ECONNREFUSED'));
      expect(await claim(at(101))).toEqual([]);
      expect(await claim(at(102))).toEqual([
        expect.objectContaining({ attempts: 1, lastError: 'connect ECONNREFUSED', nextAttemptAt: at(102) }),
      ]);

      await db.transaction((em) => outbox.markDelivered(em, row!.id, 2, at(103)));
      expect(await claim(at(10_000))).toEqual([]);
      expect((await outbox.latestOf([id])).get(id)).toMatchObject({
        attempts: 2,
        deliveredAt: at(103),
        lastError: null,
      });
    });

    it('rows one worker holds are skipped by another (FOR UPDATE SKIP LOCKED), and free again if it dies', async () => {
      const ids = [await queued(at(200)), await queued(at(200))];
      const runner = db.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        const held = await outbox.claimDue(runner.manager, at(200), 1, ids);
        expect(held).toHaveLength(1);
        const other = await db.transaction((em) => outbox.claimDue(em, at(200), 10, ids));
        expect(other.map((r) => r.consentId)).toEqual(ids.filter((i) => i !== held[0]!.consentId));
      } finally {
        // The holder's transaction ends without recording anything (a crash): its row is due again.
        await runner.rollbackTransaction();
        await runner.release();
      }
      const again = await db.transaction((em) => outbox.claimDue(em, at(200), 10, ids));
      expect(again.map((r) => r.consentId).sort()).toEqual([...ids].sort());
    });

    /** Resolves once another session waits for a lock `holder` holds (asked of PostgreSQL, no timers). */
    async function blockedBy(holder: EntityManager): Promise<void> {
      const [{ pid }] = (await holder.query('SELECT pg_backend_pid() AS pid')) as Array<{ pid: number }>;
      for (let i = 0; i < 1000; i++) {
        const [{ n }] = (await db.query(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))',
          [pid],
        )) as Array<{ n: number }>;
        if (n > 0) return;
      }
      throw new Error('no session waited for the held row');
    }

    it('a claim that waits for held rows gets them if the holder gives up, and not if it delivered them', async () => {
      for (const holderDelivers of [false, true]) {
        const id = await queued(at(300));
        const holder = db.createQueryRunner();
        await holder.connect();
        await holder.startTransaction();
        try {
          const [held] = await outbox.claimDue(holder.manager, at(300), 1, [id]);
          expect(held?.consentId).toBe(id);
          const waiting = db.transaction((em) => outbox.claimDue(em, at(300), 10, [id], true));
          await blockedBy(holder.manager);
          if (holderDelivers) {
            await outbox.markDelivered(holder.manager, held!.id, 1, at(301));
            await holder.commitTransaction();
            expect(await waiting).toEqual([]);
          } else {
            await holder.rollbackTransaction();
            expect((await waiting).map((r) => r.consentId)).toEqual([id]);
          }
        } finally {
          if (holder.isTransactionActive) await holder.rollbackTransaction();
          await holder.release();
        }
      }
    });
  });
});
