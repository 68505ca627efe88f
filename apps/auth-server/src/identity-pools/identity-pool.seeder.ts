import { randomUUID } from 'node:crypto';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { IdentityPoolRepository } from './identity-pool.repository';
import { IdentityRecordRepository } from './identity-record.repository';
import { PasswordHasher } from './password-hash';
import { POOL_SEEDS } from './seed-pools';

/**
 * Creates the seeded pools that are missing, with their records, one transaction per pool: at first start, and
 * at the first start of a sandbox initialised before pools existed (so no `npm run clean` is needed). A pool that
 * exists is left as it is, records deleted from it included; several workers starting at once create it once.
 */
@Injectable()
export class IdentityPoolSeeder implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly pools: IdentityPoolRepository,
    private readonly records: IdentityRecordRepository,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const seed of POOL_SEEDS) {
      if (await this.pools.find(seed.tenant, seed.poolId)) continue;
      const records = await Promise.all(
        seed.records.map(async (r) => ({
          attributes: r.attributes,
          passwordHash: r.password === undefined ? null : await this.hasher.hash(r.password),
        })),
      );
      const now = this.clock.now();
      await this.db.transaction(async (tx) => {
        const pool = await this.pools.insert(tx, {
          tenant: seed.tenant,
          poolId: seed.poolId,
          description: seed.description,
          schema: seed.schema,
          consentsOfServer: seed.consentsOfServer ?? null,
        });
        if (!pool) return; // another worker created it meanwhile
        for (const record of records) await this.records.insert(tx, pool.id, randomUUID(), { ...record, now });
      });
    }
  }
}
