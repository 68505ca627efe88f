import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The data API's DPoP proof replay records (libs/resource-server `ResourceServerReplayEntity`); each bank lists
 * this migration for its schema.
 */
export class BankResourceServerReplay1796500000000 implements MigrationInterface {
  name = 'BankResourceServerReplay1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "resource_server_replay" (
        "key" text NOT NULL,
        "expires_at" timestamptz NOT NULL,
        CONSTRAINT "PK_resource_server_replay" PRIMARY KEY ("key")
      )`);
    await q.query(`CREATE INDEX "ix_resource_server_replay_expires" ON "resource_server_replay" ("expires_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "resource_server_replay"`);
  }
}
