import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { entityFromRow } from '../common/entity-from-row';
import { IdentityPoolEntity, type AttributeSchema } from './identity-pool.entity';

export interface NewPool {
  tenant: string;
  poolId: string;
  description: string;
  schema: AttributeSchema;
  consentsOfServer: string | null;
}

/**
 * The `identity_pool` table. Writes take the transaction's EntityManager, so that whatever else a change
 * must write (its records, revoked tokens, an audit event) commits with it or not at all.
 */
@Injectable()
export class IdentityPoolRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The tenant's pool; `lock` takes a row lock for the rest of the transaction (`share` for record writes, `update` for schema changes). */
  async find(
    tenant: string,
    poolId: string,
    m: EntityManager = this.db.manager,
    lock?: 'share' | 'update',
  ): Promise<IdentityPoolEntity | null> {
    const rows: Array<Record<string, unknown>> = await m.query(
      `SELECT * FROM "identity_pool" WHERE "tenant" = $1 AND "pool_id" = $2${lock ? ` FOR ${lock.toUpperCase()}` : ''}`,
      [tenant, poolId],
    );
    return rows[0] ? entityFromRow(IdentityPoolEntity, rows[0]) : null;
  }

  async listForTenant(tenant: string): Promise<IdentityPoolEntity[]> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT * FROM "identity_pool" WHERE "tenant" = $1 ORDER BY "pool_id"`,
      [tenant],
    );
    return rows.map((row) => entityFromRow(IdentityPoolEntity, row));
  }

  /** Inserts the pool; null when the tenant already has a pool of that name (nothing written). */
  async insert(m: EntityManager, pool: NewPool): Promise<IdentityPoolEntity | null> {
    const rows: Array<Record<string, unknown>> = await m.query(
      `INSERT INTO "identity_pool" ("tenant", "pool_id", "description", "schema", "consents_of_server")
       VALUES ($1, $2, $3, $4::jsonb, $5) ON CONFLICT ("tenant", "pool_id") DO NOTHING RETURNING *`,
      [pool.tenant, pool.poolId, pool.description, JSON.stringify(pool.schema), pool.consentsOfServer],
    );
    return rows[0] ? entityFromRow(IdentityPoolEntity, rows[0]) : null;
  }

  /** Replaces the schema and raises its version. */
  async updateSchema(m: EntityManager, poolPk: string, schema: AttributeSchema): Promise<IdentityPoolEntity> {
    const [rows]: [Array<Record<string, unknown>>, number] = await m.query(
      `UPDATE "identity_pool" SET "schema" = $2::jsonb, "schema_version" = "schema_version" + 1, "updated_at" = now()
       WHERE "id" = $1 RETURNING *`,
      [poolPk, JSON.stringify(schema)],
    );
    return entityFromRow(IdentityPoolEntity, rows[0]!);
  }
}
