import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { TokenRevocationOutboxEntity } from './token-revocation-outbox.entity';

interface OutboxRow {
  id: string;
  consent_id: string;
  bank: string;
  created_at: Date;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  delivered_at: Date | null;
}

const COLUMNS = 'id, consent_id, bank, created_at, attempts, next_attempt_at, last_error, delivered_at';

/** The `token_revocation_outbox` table: what is owed to the authorization servers, and how its delivery went. */
@Injectable()
export class TokenRevocationOutboxRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One row per consent, due at once; in the caller's transaction (the one that revoked the consents). */
  async enqueue(em: EntityManager, bank: string, consentIds: readonly string[], now: Date): Promise<void> {
    if (!consentIds.length) return;
    await em.query(
      `INSERT INTO token_revocation_outbox (consent_id, bank, created_at, attempts, next_attempt_at)
       SELECT id, $2, $3, 0, $3 FROM unnest($1::text[]) AS id`,
      [consentIds, bank, now],
    );
  }

  /**
   * Locks up to `limit` undelivered rows that are due at `now` (oldest due first), skipping rows another
   * worker holds (`FOR UPDATE SKIP LOCKED`): they stay claimed until `em`'s transaction ends. With
   * `consentIds`, only their rows; with `waitForHeld`, rows another worker holds are waited for instead of
   * skipped (and left out if that worker delivered them or put them off).
   */
  async claimDue(
    em: EntityManager,
    now: Date,
    limit: number,
    consentIds?: readonly string[],
    waitForHeld = false,
  ): Promise<TokenRevocationOutboxEntity[]> {
    const rows: OutboxRow[] = await em.query(
      `SELECT ${COLUMNS} FROM token_revocation_outbox
       WHERE delivered_at IS NULL AND next_attempt_at <= $1 AND ($3::text[] IS NULL OR consent_id = ANY($3))
       ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE${waitForHeld ? '' : ' SKIP LOCKED'}`,
      [now, limit, consentIds ?? null],
    );
    return rows.map(toEntity);
  }

  async markDelivered(em: EntityManager, id: string, attempts: number, now: Date): Promise<void> {
    await em.query(
      `UPDATE token_revocation_outbox SET delivered_at = $2, attempts = $3, last_error = NULL WHERE id = $1`,
      [id, now, attempts],
    );
  }

  async markFailed(em: EntityManager, id: string, attempts: number, nextAttemptAt: Date, error: string): Promise<void> {
    await em.query(
      `UPDATE token_revocation_outbox SET attempts = $2, next_attempt_at = $3, last_error = $4 WHERE id = $1`,
      [id, attempts, nextAttemptAt, error.slice(0, 1000)],
    );
  }

  /** The newest row of each consent that has one. */
  async latestOf(consentIds: readonly string[]): Promise<Map<string, TokenRevocationOutboxEntity>> {
    if (!consentIds.length) return new Map();
    const rows: OutboxRow[] = await this.db.query(
      `SELECT DISTINCT ON (consent_id) ${COLUMNS} FROM token_revocation_outbox
       WHERE consent_id = ANY($1) ORDER BY consent_id, created_at DESC, id`,
      [consentIds],
    );
    return new Map(rows.map((r) => [r.consent_id, toEntity(r)]));
  }
}

function toEntity(row: OutboxRow): TokenRevocationOutboxEntity {
  return Object.assign(new TokenRevocationOutboxEntity(), {
    id: row.id,
    consentId: row.consent_id,
    bank: row.bank,
    createdAt: row.created_at,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    deliveredAt: row.delivered_at,
  });
}
