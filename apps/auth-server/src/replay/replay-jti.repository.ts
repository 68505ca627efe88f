import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-sql';

/** The `replay_jti` table: one-time keys (JWT ids, DPoP proofs) and until when each is kept. */
@Injectable()
export class ReplayJtiRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Takes the keys (each with its expiry, same order) in one multi-row statement: the ones it took, fresh or
   * expired (an expired row is reclaimed); a key held and unexpired is not among them.
   */
  async take(keys: readonly string[], expiresAt: readonly (Date | undefined)[]): Promise<Set<string>> {
    const { rows } = await preparedQuery<{ key: string }>(
      this.db,
      `INSERT INTO replay_jti (key, expires_at)
         SELECT * FROM unnest($1::text[], $2::timestamptz[])
         ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE replay_jti.expires_at <= now()
         RETURNING key`,
      [keys, expiresAt],
    );
    return new Set(rows.map((r) => r.key));
  }

  /** Housekeeping: deletes the keys expired at `now`, in the sweep's transaction. */
  async deleteExpired(m: EntityManager, now: Date): Promise<number> {
    // TypeORM answers DELETE with [rows, affected].
    const [, count]: [unknown, number] = await m.query(`DELETE FROM "replay_jti" WHERE "expires_at" <= $1`, [now]);
    return count;
  }
}
