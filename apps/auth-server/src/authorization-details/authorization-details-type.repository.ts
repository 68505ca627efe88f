import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { AuthorizationDetailsSchema } from '@ofs/oauth';
import type { EntityManager, Repository } from 'typeorm';
import { AuthorizationDetailsTypeEntity } from './authorization-details-type.entity';
import { SEED_AUTHORIZATION_DETAILS_TYPES } from './seed-authorization-details-types';

export interface StoredAuthorizationDetailsType {
  type: string;
  schema: AuthorizationDetailsSchema;
}

/** The `authorization_details_type` table: a server's RAR types, always by server. */
@Injectable()
export class AuthorizationDetailsTypeRepository {
  constructor(
    @InjectRepository(AuthorizationDetailsTypeEntity)
    private readonly rows: Repository<AuthorizationDetailsTypeEntity>,
  ) {}

  listForServer(serverPk: string): Promise<StoredAuthorizationDetailsType[]> {
    return this.rows.query(
      `SELECT "type", "schema" FROM "authorization_details_type" WHERE "server_pk" = $1 ORDER BY "type"`,
      [serverPk],
    );
  }

  /** Creates or replaces a type's schema (in the transaction of `m` when given); true when it was new. */
  async put(
    serverPk: string,
    type: string,
    schema: AuthorizationDetailsSchema,
    m: EntityManager = this.rows.manager,
  ): Promise<boolean> {
    const rows: Array<{ created: boolean }> = await m.query(
      `INSERT INTO "authorization_details_type" ("server_pk", "type", "schema") VALUES ($1, $2, $3::jsonb)
      ON CONFLICT ("server_pk", "type") DO UPDATE SET "schema" = EXCLUDED."schema", "updated_at" = now()
      RETURNING (xmax = 0) AS "created"`,
      [serverPk, type, JSON.stringify(schema)],
    );
    return rows[0]!.created;
  }

  /** True when there was such a type (in the transaction of `m` when given). */
  async delete(serverPk: string, type: string, m: EntityManager = this.rows.manager): Promise<boolean> {
    const [, count]: [unknown, number] = await m.query(
      `DELETE FROM "authorization_details_type" WHERE "server_pk" = $1 AND "type" = $2`,
      [serverPk, type],
    );
    return count > 0;
  }

  /** A server created just now starts with the seed types (servers older than them got them by migration). */
  async seed(serverPk: string): Promise<void> {
    for (const { type, schema } of SEED_AUTHORIZATION_DETAILS_TYPES) {
      await this.rows.query(
        `INSERT INTO "authorization_details_type" ("server_pk", "type", "schema") VALUES ($1, $2, $3::jsonb)
        ON CONFLICT DO NOTHING`,
        [serverPk, type, JSON.stringify(schema)],
      );
    }
  }
}
