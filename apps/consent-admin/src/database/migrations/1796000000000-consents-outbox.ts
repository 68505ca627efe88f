import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Go Bank's consents, the outbox of token revocations, the resource server's DPoP replay records. */
export class ConsentsOutbox1796000000000 implements MigrationInterface {
  name = 'ConsentsOutbox1796000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "consent" (
        "id" text NOT NULL,
        "bank" text NOT NULL,
        "subject" text NOT NULL,
        "client_id" text NOT NULL,
        "client_name" text NOT NULL,
        "status" text NOT NULL,
        "granted_scopes" text array NOT NULL,
        "account_ids" text array NOT NULL,
        "authorization_details" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL,
        "updated_at" timestamptz NOT NULL,
        "revoked_at" timestamptz,
        "revoked_by" text,
        CONSTRAINT "PK_consent" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_consent_bank_created" ON "consent" ("bank", "created_at", "id")`);
    await q.query(`CREATE INDEX "ix_consent_bank_subject" ON "consent" ("bank", "subject")`);
    await q.query(`CREATE INDEX "ix_consent_bank_client" ON "consent" ("bank", "client_id")`);
    await q.query(`CREATE INDEX "ix_consent_account_ids" ON "consent" USING gin ("account_ids")`);
    await q.query(`
      CREATE TABLE "token_revocation_outbox" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "consent_id" text NOT NULL,
        "bank" text NOT NULL,
        "created_at" timestamptz NOT NULL,
        "attempts" integer NOT NULL DEFAULT 0,
        "next_attempt_at" timestamptz NOT NULL,
        "last_error" text,
        "delivered_at" timestamptz,
        CONSTRAINT "PK_token_revocation_outbox" PRIMARY KEY ("id"),
        CONSTRAINT "fk_token_revocation_outbox_consent" FOREIGN KEY ("consent_id") REFERENCES "consent"("id") ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX "ix_token_revocation_outbox_due" ON "token_revocation_outbox" ("next_attempt_at") WHERE delivered_at IS NULL`,
    );
    await q.query(`CREATE INDEX "ix_token_revocation_outbox_consent" ON "token_revocation_outbox" ("consent_id")`);
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
    await q.query(`DROP TABLE "token_revocation_outbox"`);
    await q.query(`DROP TABLE "consent"`);
  }
}
