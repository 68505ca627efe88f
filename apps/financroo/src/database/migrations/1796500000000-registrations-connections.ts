import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Financroo's clients at the banks (DCR) and its users' bank connections; secrets are stored sealed. */
export class RegistrationsConnections1796500000000 implements MigrationInterface {
  name = 'RegistrationsConnections1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "bank_registration" (
        "bank_id" text NOT NULL,
        "issuer" text NOT NULL,
        "client_id" text NOT NULL,
        "authentication" text NOT NULL,
        "registration_client_uri" text,
        "registration_access_token" text,
        "metadata" jsonb NOT NULL,
        "signing_key" text NOT NULL,
        "dpop_key" text,
        "created_at" timestamptz NOT NULL,
        "updated_at" timestamptz NOT NULL,
        CONSTRAINT "PK_bank_registration" PRIMARY KEY ("bank_id")
      )`);
    await q.query(`
      CREATE TABLE "bank_connection" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" text NOT NULL,
        "bank_id" text NOT NULL,
        "client_id" text NOT NULL,
        "access_token" text NOT NULL,
        "access_token_expires_at" timestamptz NOT NULL,
        "refresh_token" text,
        "scope" text NOT NULL,
        "authorization_details" jsonb,
        "account_ids" jsonb NOT NULL,
        "status" text NOT NULL,
        "status_reason" text,
        "created_at" timestamptz NOT NULL,
        "updated_at" timestamptz NOT NULL,
        CONSTRAINT "PK_bank_connection" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE UNIQUE INDEX "ux_bank_connection_user_bank" ON "bank_connection" ("user_id", "bank_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "bank_connection"`);
    await q.query(`DROP TABLE "bank_registration"`);
  }
}
