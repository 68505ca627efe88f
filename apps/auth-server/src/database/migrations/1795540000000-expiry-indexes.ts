import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes for sweeping expired rows (Housekeeping). */
export class ExpiryIndexes1795540000000 implements MigrationInterface {
  name = 'ExpiryIndexes1795540000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['interaction', 'pushed_request', 'authorization_code', 'token']) {
      await q.query(`CREATE INDEX "ix_${table}_expires" ON "${table}" ("expires_at")`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['interaction', 'pushed_request', 'authorization_code', 'token']) {
      await q.query(`DROP INDEX "ix_${table}_expires"`);
    }
  }
}
