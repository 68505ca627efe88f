import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Servers (one per bank), their signing keys and their registered clients. */
export class ServersKeysClients1795500000000 implements MigrationInterface {
  name = 'ServersKeysClients1795500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "server" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "tenant" text NOT NULL,
        "server_id" text NOT NULL,
        "name" text NOT NULL,
        "settings" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_server" PRIMARY KEY ("id"),
        CONSTRAINT "uq_server_tenant_server" UNIQUE ("tenant", "server_id")
      )`);
    await q.query(`
      CREATE TABLE "signing_key" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "server_pk" uuid NOT NULL,
        "kid" text NOT NULL,
        "alg" text NOT NULL,
        "status" text NOT NULL,
        "public_jwk" jsonb NOT NULL,
        "private_jwk" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "retired_at" timestamptz,
        CONSTRAINT "PK_signing_key" PRIMARY KEY ("id"),
        CONSTRAINT "uq_signing_key_server_kid" UNIQUE ("server_pk", "kid"),
        CONSTRAINT "fk_signing_key_server" FOREIGN KEY ("server_pk") REFERENCES "server"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "ix_signing_key_server" ON "signing_key" ("server_pk")`);
    await q.query(`
      CREATE TABLE "client" (
        "client_id" text NOT NULL,
        "server_pk" uuid NOT NULL,
        "metadata" jsonb NOT NULL,
        "registration_access_token_hash" text,
        "system" boolean NOT NULL DEFAULT false,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_client" PRIMARY KEY ("client_id"),
        CONSTRAINT "fk_client_server" FOREIGN KEY ("server_pk") REFERENCES "server"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "ix_client_server" ON "client" ("server_pk")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "client"`);
    await q.query(`DROP TABLE "signing_key"`);
    await q.query(`DROP TABLE "server"`);
  }
}
