import type { ReplayStore } from '@ofs/fapi';
import type { DataSource } from 'typeorm';
import { preparedQuery } from '../database/prepared-query';

const SWEEP_EVERY_MS = 60_000;

/**
 * RFC 9449 §11.1 at a resource server: a proof `jti` is taken once, shared by every process on the schema
 * (table `resource_server_replay`). An expired key may be taken again; expired rows are swept now and then.
 */
export class PgReplayStore implements ReplayStore {
  private lastSweep = 0;

  constructor(private readonly db: DataSource) {}

  async consume(key: string, expiresAt: Date): Promise<boolean> {
    // On every request to a protected resource: a prepared statement on the pool (see preparedQuery).
    const rows = await preparedQuery(this.db, {
      name: 'ofs_resource_server_replay_consume',
      text: `INSERT INTO resource_server_replay (key, expires_at) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at
         WHERE resource_server_replay.expires_at <= now()
       RETURNING key`,
      values: [key, expiresAt],
    });
    this.sweepNowAndThen();
    return rows.length === 1;
  }

  private sweepNowAndThen(): void {
    const now = Date.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    void this.db.query(`DELETE FROM resource_server_replay WHERE expires_at <= now()`).catch(() => undefined);
  }
}
