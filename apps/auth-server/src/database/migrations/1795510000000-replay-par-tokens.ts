import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Replay protection for one-time JWT ids, pushed authorization requests, issued tokens. */
export class ReplayParTokens1795510000000 implements MigrationInterface {
  name = 'ReplayParTokens1795510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "replay_jti" (
        "key" text NOT NULL,
        "expires_at" timestamptz NOT NULL,
        CONSTRAINT "PK_replay_jti" PRIMARY KEY ("key")
      )`);
    await q.query(`CREATE INDEX "ix_replay_jti_expires" ON "replay_jti" ("expires_at")`);
    await q.query(`
      CREATE TABLE "pushed_request" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "request_uri_hash" text NOT NULL,
        "server_pk" uuid NOT NULL,
        "client_id" text NOT NULL,
        "parameters" jsonb NOT NULL,
        "expires_at" timestamptz NOT NULL,
        "consumed_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_pushed_request" PRIMARY KEY ("id"),
        CONSTRAINT "fk_pushed_request_client" FOREIGN KEY ("client_id") REFERENCES "client"("client_id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE UNIQUE INDEX "ix_pushed_request_uri" ON "pushed_request" ("request_uri_hash")`);
    await q.query(`
      CREATE TABLE "token" (
        "token_hash" text NOT NULL,
        "kind" text NOT NULL,
        "server_pk" uuid NOT NULL,
        "client_id" text NOT NULL,
        "grant_id" uuid,
        "subject" text,
        "scope" text NOT NULL,
        "authorization_details" jsonb,
        "consent_id" text,
        "jkt" text,
        "x5t_s256" text,
        "issued_at" timestamptz NOT NULL,
        "expires_at" timestamptz NOT NULL,
        "revoked_at" timestamptz,
        CONSTRAINT "PK_token" PRIMARY KEY ("token_hash"),
        CONSTRAINT "fk_token_client" FOREIGN KEY ("client_id") REFERENCES "client"("client_id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "ix_token_consent" ON "token" ("server_pk", "consent_id")`);
    await q.query(`CREATE INDEX "ix_token_grant" ON "token" ("grant_id")`);
    await q.query(`CREATE INDEX "ix_token_client" ON "token" ("client_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "token"`);
    await q.query(`DROP TABLE "pushed_request"`);
    await q.query(`DROP TABLE "replay_jti"`);
  }
}
