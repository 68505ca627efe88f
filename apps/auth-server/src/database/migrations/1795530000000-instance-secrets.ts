import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Secrets every process of the server shares (the DPoP nonce key). */
export class InstanceSecrets1795530000000 implements MigrationInterface {
  name = 'InstanceSecrets1795530000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "instance_secret" (
        "name" text NOT NULL,
        "secret" bytea NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_instance_secret" PRIMARY KEY ("name")
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "instance_secret"`);
  }
}
