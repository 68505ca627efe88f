import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ReplayStore } from '@ofs/fapi';
import { DataSource } from 'typeorm';

/**
 * RFC 7523 §3 (7), RFC 9449 §11.1: one-time JWT ids, shared by every process of the server. A key is taken
 * once; an expired key may be taken again (its row is reclaimed in the same statement).
 */
@Injectable()
export class PgReplayStore implements ReplayStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async consume(key: string, expiresAt: Date): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO replay_jti (key, expires_at) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE replay_jti.expires_at <= now()
       RETURNING key`,
      [key, expiresAt],
    );
    return rows.length === 1;
  }

  /** Drops what can no longer be replayed anyway. */
  async purgeExpired(): Promise<number> {
    const result: [unknown[], number] = await this.db.query(`DELETE FROM replay_jti WHERE expires_at <= now()`);
    return result[1];
  }
}
