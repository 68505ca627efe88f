import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Identity pools of a tenant and their records (issue 8). Their seeds come at start (IdentityPoolSeeder). */
export class IdentityPools1796100000000 implements MigrationInterface {
  name = 'IdentityPools1796100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "identity_pool" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "tenant" text NOT NULL,
        "pool_id" text NOT NULL,
        "description" text NOT NULL DEFAULT '',
        "schema" jsonb NOT NULL,
        "schema_version" integer NOT NULL DEFAULT 1,
        "consents_of_server" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "uq_identity_pool_tenant_pool" UNIQUE ("tenant", "pool_id"),
        CONSTRAINT "PK_identity_pool" PRIMARY KEY ("id")
      )`);
    await q.query(`
      CREATE TABLE "identity_record" (
        "id" uuid NOT NULL,
        "pool_pk" uuid NOT NULL,
        "attributes" jsonb NOT NULL,
        "username" text,
        "password_hash" text,
        "version" integer NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL,
        CONSTRAINT "uq_identity_record_username" UNIQUE ("pool_pk", "username"),
        CONSTRAINT "PK_identity_record" PRIMARY KEY ("id"),
        CONSTRAINT "fk_identity_record_pool" FOREIGN KEY ("pool_pk") REFERENCES "identity_pool"("id") ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX "ix_identity_record_pool_created" ON "identity_record" ("pool_pk", "created_at", "id")`,
    );
    // Revoking a consent's codes (tokens already have ix_token_consent).
    await q.query(`CREATE INDEX "ix_authorization_code_consent" ON "authorization_code" ("server_pk", "consent_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_authorization_code_consent"`);
    await q.query(`DROP TABLE "identity_record"`);
    await q.query(`DROP TABLE "identity_pool"`);
  }
}
