import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

export interface StoredSession {
  idHash: string;
  data: Record<string, unknown>;
  csrfToken: string;
  expiresAt: Date;
}

const hash = (token: string): string => createHash('sha256').update(token).digest('base64url');

/** The web_session table: sessions by the hash of their cookie, per realm, with a sliding expiry. */
export class WebSessionStore {
  constructor(private readonly db: DataSource) {}

  async create(realm: string, data: Record<string, unknown>, ttlSec: number): Promise<[string, StoredSession]> {
    const token = randomBytes(32).toString('base64url');
    const session: StoredSession = {
      idHash: hash(token),
      data,
      csrfToken: randomBytes(32).toString('base64url'),
      expiresAt: new Date(Date.now() + ttlSec * 1000),
    };
    await this.db.query(
      `INSERT INTO web_session (id_hash, realm, data, csrf_token, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [session.idHash, realm, JSON.stringify(data), session.csrfToken, session.expiresAt],
    );
    return [token, session];
  }

  /** The live session of this cookie value in this realm, or null. */
  async find(realm: string, token: string): Promise<StoredSession | null> {
    const rows: Array<{ id_hash: string; data: Record<string, unknown>; csrf_token: string; expires_at: Date }> =
      await this.db.query(
        `SELECT id_hash, data, csrf_token, expires_at FROM web_session
          WHERE id_hash = $1 AND realm = $2 AND expires_at > now()`,
        [hash(token), realm],
      );
    const row = rows[0];
    return row ? { idHash: row.id_hash, data: row.data, csrfToken: row.csrf_token, expiresAt: row.expires_at } : null;
  }

  async save(session: StoredSession, ttlSec: number): Promise<void> {
    session.expiresAt = new Date(Date.now() + ttlSec * 1000);
    await this.db.query(`UPDATE web_session SET data = $2, expires_at = $3, updated_at = now() WHERE id_hash = $1`, [
      session.idHash,
      JSON.stringify(session.data),
      session.expiresAt,
    ]);
  }

  /** Extends a session's life without touching its data. */
  async touch(session: StoredSession, ttlSec: number): Promise<void> {
    session.expiresAt = new Date(Date.now() + ttlSec * 1000);
    await this.db.query(`UPDATE web_session SET expires_at = $2 WHERE id_hash = $1`, [
      session.idHash,
      session.expiresAt,
    ]);
  }

  async destroy(session: StoredSession): Promise<void> {
    await this.db.query(`DELETE FROM web_session WHERE id_hash = $1`, [session.idHash]);
  }

  async sweepExpired(): Promise<number> {
    const [, count]: [unknown, number] = await this.db.query(`DELETE FROM web_session WHERE expires_at <= now()`);
    return count;
  }
}
