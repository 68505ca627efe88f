import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SEED_AUTHORIZATION_DETAILS_TYPES } from '../../authorization-details/seed-authorization-details-types';

/** RFC 9396 types per server with their JSON Schemas; the servers that exist already get the seed types. */
export class AuthorizationDetailsTypes1796000000000 implements MigrationInterface {
  name = 'AuthorizationDetailsTypes1796000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "authorization_details_type" (
        "server_pk" uuid NOT NULL,
        "type" text NOT NULL,
        "schema" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_authorization_details_type" PRIMARY KEY ("server_pk", "type"),
        CONSTRAINT "fk_authorization_details_type_server" FOREIGN KEY ("server_pk") REFERENCES "server"("id") ON DELETE CASCADE
      )`);
    for (const { type, schema } of SEED_AUTHORIZATION_DETAILS_TYPES) {
      await q.query(
        `INSERT INTO "authorization_details_type" ("server_pk", "type", "schema") SELECT "id", $1, $2::jsonb FROM "server"`,
        [type, JSON.stringify(schema)],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "authorization_details_type"`);
  }
}
