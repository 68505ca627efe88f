import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The web_session table (libs/web); every app that has pages with sessions lists this migration. */
export class WebSessions1796300000000 implements MigrationInterface {
  name = 'WebSessions1796300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "web_session" (
      "id_hash" text NOT NULL,
      "realm" text NOT NULL,
      "data" jsonb NOT NULL,
      "csrf_token" text NOT NULL,
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_web_session" PRIMARY KEY ("id_hash"))`);
    await q.query(`CREATE INDEX "ix_web_session_expires_at" ON "web_session" ("expires_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "web_session"`);
  }
}
