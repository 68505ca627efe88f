import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { entityFromRow } from '../common/entity-from-row';
import { preparedQuery } from '../database/prepared-sql';
import { IdentityPoolError } from './identity-pool.error';
import { IdentityRecordEntity, type RecordAttributes } from './identity-record.entity';

export interface RecordWrite {
  attributes: RecordAttributes;
  /** A new password hash; `undefined` keeps the stored one (updates). */
  passwordHash?: string | null;
  now: Date;
}

/** Where a page of records starts: after this (created_at, id), newest first. */
export interface RecordCursor {
  createdAt: Date;
  id: string;
}

const UNIQUE_VIOLATION = '23505';

/** The login name a record is found by: its string attribute `username`. */
function usernameOf(attributes: RecordAttributes): string | null {
  return typeof attributes.username === 'string' ? attributes.username : null;
}

/**
 * The `identity_record` table. Every method names the pool (its primary key) the record must belong to; writes
 * take the transaction's EntityManager (see IdentityPoolRepository).
 */
@Injectable()
export class IdentityRecordRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Inserts a record at version 1; 409 `conflict` when its username is taken in the pool. */
  async insert(m: EntityManager, poolPk: string, id: string, write: RecordWrite): Promise<IdentityRecordEntity> {
    const rows = await this.unique(write.attributes, () =>
      m.query(
        `INSERT INTO "identity_record" ("id", "pool_pk", "attributes", "username", "password_hash", "version",
          "created_at", "updated_at") VALUES ($1, $2, $3::jsonb, $4, $5, 1, $6, $6) RETURNING *`,
        [
          id,
          poolPk,
          JSON.stringify(write.attributes),
          usernameOf(write.attributes),
          write.passwordHash ?? null,
          write.now,
        ],
      ),
    );
    return entityFromRow(IdentityRecordEntity, rows[0]!);
  }

  /** The record of this pool; `forUpdate` locks it until the transaction ends. */
  async find(
    poolPk: string,
    id: string,
    m: EntityManager = this.db.manager,
    forUpdate = false,
  ): Promise<IdentityRecordEntity | null> {
    const rows: Array<Record<string, unknown>> = await m.query(
      `SELECT * FROM "identity_record" WHERE "pool_pk" = $1 AND "id" = $2${forUpdate ? ' FOR UPDATE' : ''}`,
      [poolPk, id],
    );
    return rows[0] ? entityFromRow(IdentityRecordEntity, rows[0]) : null;
  }

  /** The record of the tenant's pool whose username this is (a login). */
  async findByUsername(tenant: string, poolId: string, username: string): Promise<IdentityRecordEntity | null> {
    const { rows } = await preparedQuery(
      this.db,
      `SELECT r.* FROM "identity_record" r JOIN "identity_pool" p ON p."id" = r."pool_pk"
       WHERE p."tenant" = $1 AND p."pool_id" = $2 AND r."username" = $3`,
      [tenant, poolId, username],
    );
    return rows[0] ? entityFromRow(IdentityRecordEntity, rows[0]) : null;
  }

  /**
   * Replaces the attributes (and the password hash, when given) of a record the caller locked and checked, and
   * raises its version; 409 `conflict` when the new username is taken in the pool.
   */
  async update(m: EntityManager, poolPk: string, id: string, write: RecordWrite): Promise<IdentityRecordEntity> {
    const keep = write.passwordHash === undefined;
    const [rows]: [Array<Record<string, unknown>>, number] = await this.unique(write.attributes, () =>
      m.query(
        `UPDATE "identity_record" SET "attributes" = $3::jsonb, "username" = $4,
          "password_hash" = CASE WHEN $5 THEN "password_hash" ELSE $6 END, "version" = "version" + 1, "updated_at" = $7
         WHERE "pool_pk" = $1 AND "id" = $2 RETURNING *`,
        [
          poolPk,
          id,
          JSON.stringify(write.attributes),
          usernameOf(write.attributes),
          keep,
          write.passwordHash ?? null,
          write.now,
        ],
      ),
    );
    return entityFromRow(IdentityRecordEntity, rows[0]!);
  }

  async delete(m: EntityManager, poolPk: string, id: string): Promise<void> {
    await m.query(`DELETE FROM "identity_record" WHERE "pool_pk" = $1 AND "id" = $2`, [poolPk, id]);
  }

  /**
   * A page of the pool's records, newest first, whose attributes match every filter: a top-level attribute equal
   * to the value (compared as text: `true`, `42` and strings alike), or an array attribute holding that string.
   */
  async search(
    poolPk: string,
    filters: ReadonlyArray<readonly [string, string]>,
    after: RecordCursor | null,
    limit: number,
  ): Promise<IdentityRecordEntity[]> {
    const params: unknown[] = [poolPk];
    const where = ['"pool_pk" = $1'];
    for (const [name, value] of filters) {
      params.push(name, value);
      const [n, v] = [`$${params.length - 1}`, `$${params.length}`];
      where.push(
        `("attributes" ->> ${n} = ${v} OR (jsonb_typeof("attributes" -> ${n}) = 'array' AND "attributes" -> ${n} ? ${v}))`,
      );
    }
    if (after) {
      params.push(after.createdAt, after.id);
      where.push(`("created_at", "id") < ($${params.length - 1}, $${params.length}::uuid)`);
    }
    params.push(limit);
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT * FROM "identity_record" WHERE ${where.join(' AND ')}
       ORDER BY "created_at" DESC, "id" DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((row) => entityFromRow(IdentityRecordEntity, row));
  }

  /** The pool's records in id order, `batch` at a time after `afterId` (a schema change checks them all). */
  async batchAfter(
    m: EntityManager,
    poolPk: string,
    afterId: string | null,
    batch: number,
  ): Promise<IdentityRecordEntity[]> {
    const rows: Array<Record<string, unknown>> = await m.query(
      `SELECT * FROM "identity_record" WHERE "pool_pk" = $1 AND ($2::uuid IS NULL OR "id" > $2::uuid)
       ORDER BY "id" LIMIT $3`,
      [poolPk, afterId, batch],
    );
    return rows.map((row) => entityFromRow(IdentityRecordEntity, row));
  }

  private async unique<T>(attributes: RecordAttributes, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (e) {
      if ((e as { driverError?: { code?: string } }).driverError?.code === UNIQUE_VIOLATION) {
        throw new IdentityPoolError('conflict', `username ${String(usernameOf(attributes))} is taken in this pool`);
      }
      throw e;
    }
  }
}
