import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Login/consent interactions and authorization codes. */
export class InteractionsCodes1795520000000 implements MigrationInterface {
  name = 'InteractionsCodes1795520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "interaction" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "server_pk" uuid NOT NULL,
        "pushed_request_id" uuid NOT NULL,
        "browser_secret_hash" text NOT NULL,
        "login_state_hash" text NOT NULL,
        "status" text NOT NULL,
        "subject" text,
        "auth_time" timestamptz,
        "decision" jsonb,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        CONSTRAINT "PK_interaction" PRIMARY KEY ("id"),
        CONSTRAINT "fk_interaction_pushed_request" FOREIGN KEY ("pushed_request_id") REFERENCES "pushed_request"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "ix_interaction_pushed_request" ON "interaction" ("pushed_request_id")`);
    await q.query(`
      CREATE TABLE "authorization_code" (
        "code_hash" text NOT NULL,
        "server_pk" uuid NOT NULL,
        "client_id" text NOT NULL,
        "grant_id" uuid NOT NULL,
        "subject" text NOT NULL,
        "scope" text NOT NULL,
        "authorization_details" jsonb,
        "consent_id" text,
        "redirect_uri" text NOT NULL,
        "code_challenge" text NOT NULL,
        "dpop_jkt" text,
        "nonce" text,
        "auth_time" timestamptz NOT NULL,
        "expires_at" timestamptz NOT NULL,
        "consumed_at" timestamptz,
        CONSTRAINT "PK_authorization_code" PRIMARY KEY ("code_hash"),
        CONSTRAINT "fk_authorization_code_client" FOREIGN KEY ("client_id") REFERENCES "client"("client_id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "ix_authorization_code_grant" ON "authorization_code" ("grant_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "authorization_code"`);
    await q.query(`DROP TABLE "interaction"`);
  }
}
