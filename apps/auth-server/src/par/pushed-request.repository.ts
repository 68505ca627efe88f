import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditEventInput } from '../audit/audit-event';
import { auditInsertSql } from '../audit/audit-event.repository';
import { preparedQuery } from '../database/prepared-sql';
import type { PushedRequestEntity } from './pushed-request.entity';

/** A pushed request as PAR stores it. */
export type NewPushedRequest = Pick<
  PushedRequestEntity,
  'id' | 'requestUriHash' | 'serverPk' | 'clientId' | 'parameters' | 'expiresAt'
>;

/**
 * The `pushed_request` table (RFC 9126). It is read, and consumed, by the statements that start and end a login
 * (InteractionRepository), with the interaction they write.
 */
@Injectable()
export class PushedRequestRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Stores the request, and its `event` ("audit_event") in the same statement: no extra round trip on this hot path. */
  async push(request: NewPushedRequest, event: AuditEventInput): Promise<void> {
    const values: unknown[] = [
      request.id,
      request.requestUriHash,
      request.serverPk,
      request.clientId,
      JSON.stringify(request.parameters),
      request.expiresAt,
    ];
    const audit = auditInsertSql([event], values);
    await preparedQuery(
      this.db,
      `WITH pushed AS (
        INSERT INTO "pushed_request" ("id", "request_uri_hash", "server_pk", "client_id", "parameters", "expires_at")
        VALUES ($1, $2, $3, $4, $5::jsonb, $6) RETURNING 1
      ) ${audit}`,
      values,
    );
  }

  /**
   * Housekeeping: deletes the requests expired at `before` that no interaction refers to (also reads "interaction";
   * those go first, in the same sweep), in the sweep's transaction.
   */
  async deleteExpired(m: EntityManager, before: Date): Promise<number> {
    // TypeORM answers DELETE with [rows, affected].
    const [, count]: [unknown, number] = await m.query(
      `DELETE FROM "pushed_request" p WHERE p."expires_at" <= $1
        AND NOT EXISTS (SELECT 1 FROM "interaction" i WHERE i."pushed_request_id" = p."id")`,
      [before],
    );
    return count;
  }
}
