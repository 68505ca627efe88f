import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditEventInput } from '../audit/audit-event';
import { auditInsertSql } from '../audit/audit-event.repository';
import type { NewAuthorizationCode } from '../authorize/authorization-code.repository';
import { entityFromRow } from '../common/entity-from-row';
import { preparedQuery } from '../database/prepared-sql';
import { IdentityRecordEntity } from '../identity-pools/identity-record.entity';
import { PushedRequestEntity } from '../par/pushed-request.entity';
import { InteractionEntity, type ConsentDecision, type InteractionStatus } from './interaction.entity';

/** The interaction `start` inserts (its server and pushed request come from the statement). */
export type NewInteraction = Pick<InteractionEntity, 'id' | 'browserSecretHash' | 'loginStateHash' | 'expiresAt'>;

/** How an interaction ends: from `status`, at `now`, consuming the pushed request `requestId`. */
export interface InteractionEnd {
  id: string;
  status: InteractionStatus;
  now: Date;
  requestId: string;
}

/**
 * The `interaction` table (one login and consent for a pushed request). The hot statements run as prepared
 * statements (see preparedQuery); the ones that also write the pushed request, the code or an audit event are one
 * statement each, atomic without a transaction.
 */
@Injectable()
export class InteractionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The server's pushed request of that request_uri hash (null: none), and a new interaction for it, `started` only
   * when `clientId` may start one at `now` (its client's, unused, unexpired). Also reads "pushed_request": one
   * statement, so the checks and the insert see the same row.
   */
  async start(
    serverPk: string,
    requestUriHash: string,
    clientId: string,
    interaction: NewInteraction,
    now: Date,
  ): Promise<{ request: PushedRequestEntity | null; started: boolean }> {
    const { rows } = await preparedQuery(
      this.db,
      `WITH request AS (
        SELECT * FROM "pushed_request" WHERE "server_pk" = $1 AND "request_uri_hash" = $2
      ), started AS (
        INSERT INTO "interaction" ("id", "server_pk", "pushed_request_id", "browser_secret_hash", "login_state_hash",
          "status", "created_at", "expires_at")
        SELECT $3, $1, r."id", $4, $5, 'login', $6, $7 FROM request r
        WHERE r."client_id" = $8 AND r."consumed_at" IS NULL AND r."expires_at" > $6
        RETURNING 1
      ) SELECT r.*, EXISTS (SELECT 1 FROM started) AS "started" FROM request r`,
      [
        serverPk,
        requestUriHash,
        interaction.id,
        interaction.browserSecretHash,
        interaction.loginStateHash,
        now,
        interaction.expiresAt,
        clientId,
      ],
    );
    const { started, ...row } = rows[0] ?? {};
    return { request: rows[0] ? entityFromRow(PushedRequestEntity, row) : null, started: started === true };
  }

  /** Replaces the login state handed to a consent page (only its hash is kept). */
  async setLoginStateHash(id: string, loginStateHash: string): Promise<void> {
    await this.db.query(`UPDATE "interaction" SET "login_state_hash" = $2 WHERE "id" = $1`, [id, loginStateHash]);
  }

  /**
   * The server's interaction with its pushed request (and, with `user`, the record of that username in that tenant's
   * identity pool: null when there is none), in one query. Also reads "pushed_request" and the identity pool tables.
   */
  async findWithRequest(
    serverPk: string,
    id: string,
    user?: { tenant: string; poolId: string; username: string },
  ): Promise<(InteractionEntity & { pushedRequest: PushedRequestEntity; user?: IdentityRecordEntity | null }) | null> {
    const { rows } =
      user === undefined
        ? await preparedQuery<Record<string, unknown>>(
            this.db,
            `SELECT i.*, row_to_json(p) AS "request" FROM "interaction" i
            JOIN "pushed_request" p ON p."id" = i."pushed_request_id" WHERE i."id" = $1 AND i."server_pk" = $2`,
            [id, serverPk],
          )
        : await preparedQuery<Record<string, unknown>>(
            this.db,
            `SELECT i.*, row_to_json(p) AS "request", row_to_json(u) AS "user" FROM "interaction" i
            JOIN "pushed_request" p ON p."id" = i."pushed_request_id"
            LEFT JOIN LATERAL (
              SELECT r.* FROM "identity_record" r JOIN "identity_pool" ip ON ip."id" = r."pool_pk"
              WHERE ip."tenant" = $3 AND ip."pool_id" = $4 AND r."username" = $5
            ) u ON true
            WHERE i."id" = $1 AND i."server_pk" = $2`,
            [id, serverPk, user.tenant, user.poolId, user.username],
          );
    if (!rows[0]) return null;
    const { request, user: record, ...interaction } = rows[0];
    return Object.assign(entityFromRow(InteractionEntity, interaction), {
      // row_to_json: timestamps arrive as strings.
      pushedRequest: entityFromRow(PushedRequestEntity, request as Record<string, unknown>, [
        'expires_at',
        'consumed_at',
        'created_at',
      ]),
      ...(user === undefined
        ? {}
        : {
            user: record
              ? entityFromRow(IdentityRecordEntity, record as Record<string, unknown>, ['created_at', 'updated_at'])
              : null,
          }),
    });
  }

  /** The login succeeded: the interaction waits for consent. Also writes `event` ("audit_event"), in one statement. */
  async loggedIn(id: string, subject: string, now: Date, event: AuditEventInput): Promise<void> {
    const params: unknown[] = [id, subject, now];
    const audit = auditInsertSql([event], params, 'EXISTS (SELECT 1 FROM logged_in)');
    await preparedQuery(
      this.db,
      `WITH logged_in AS (
        UPDATE "interaction" SET "status" = 'consent', "subject" = $2, "auth_time" = $3 WHERE "id" = $1 AND "status" = 'login'
        RETURNING 1
      ) ${audit}`,
      params,
    );
  }

  /**
   * Records the consent decision of an interaction waiting for consent; false when it was decided already. Also
   * writes `event` ("audit_event") when it was not, in one statement.
   */
  async decided(id: string, decision: ConsentDecision, event: AuditEventInput): Promise<boolean> {
    const params: unknown[] = [id, decision.error ? 'rejected' : 'accepted', JSON.stringify(decision)];
    const audit = auditInsertSql([event], params, 'EXISTS (SELECT 1 FROM decided)');
    const { rows } = await preparedQuery(
      this.db,
      `WITH decided AS (
        UPDATE "interaction" SET "status" = $2, "decision" = $3::jsonb WHERE "id" = $1 AND "status" = 'consent' RETURNING 1
      ), audited AS (${audit}) SELECT 1 FROM decided`,
      params,
    );
    return rows.length === 1;
  }

  /**
   * Ends the interaction without a code (a rejection); false when it had ended, or its pushed request was consumed,
   * already. Also consumes the request_uri ("pushed_request"): one statement, so both or neither.
   */
  async endWithoutCode(end: InteractionEnd): Promise<boolean> {
    const { rows } = await preparedQuery(this.db, `${CONSUME} SELECT 1 FROM used`, endParams(end));
    return rows.length === 1;
  }

  /**
   * Ends the interaction with `code` and its `event`; false (nothing issued) when it had ended, or its pushed request
   * was consumed, already. Also writes "pushed_request" (consumed), "authorization_code" and "audit_event": one
   * statement, so atomic without a transaction.
   */
  async endWithCode(end: InteractionEnd, code: NewAuthorizationCode, event: AuditEventInput): Promise<boolean> {
    const values: unknown[] = [
      ...endParams(end),
      code.codeHash,
      code.serverPk,
      code.clientId,
      code.grantId,
      code.subject,
      code.scope,
      code.authorizationDetails ? JSON.stringify(code.authorizationDetails) : null,
      code.consentId,
      code.redirectUri,
      code.codeChallenge,
      code.dpopJkt,
      code.nonce,
      code.authTime,
      code.expiresAt,
    ];
    const audit = auditInsertSql([event], values, 'EXISTS (SELECT 1 FROM used)');
    const { rows } = await preparedQuery(
      this.db,
      `${CONSUME}, audited AS (${audit})
      INSERT INTO "authorization_code" ("code_hash", "server_pk", "client_id", "grant_id", "subject", "scope",
        "authorization_details", "consent_id", "redirect_uri", "code_challenge", "dpop_jkt", "nonce", "auth_time",
        "expires_at", "consumed_at")
      SELECT $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, $14, $15, $16, $17, $18, NULL WHERE EXISTS (SELECT 1 FROM used)
      RETURNING 1`,
      values,
    );
    return rows.length === 1;
  }

  /** Housekeeping: deletes the interactions expired at `before`, in the sweep's transaction. */
  async deleteExpired(m: EntityManager, before: Date): Promise<number> {
    // TypeORM answers DELETE with [rows, affected].
    const [, count]: [unknown, number] = await m.query(`DELETE FROM "interaction" WHERE "expires_at" <= $1`, [before]);
    return count;
  }
}

/**
 * The interaction ends, then (only if it did) the request_uri is consumed. A request_uri another interaction of the
 * same request consumed first leaves this one ended with nothing issued.
 */
const CONSUME = `WITH finished AS (
        UPDATE "interaction" SET "status" = 'completed' WHERE "id" = $1 AND "status" = $2 RETURNING 1
      ), used AS (
        UPDATE "pushed_request" SET "consumed_at" = $3
        WHERE "id" = $4 AND "consumed_at" IS NULL AND EXISTS (SELECT 1 FROM finished) RETURNING 1
      )`;

function endParams(end: InteractionEnd): unknown[] {
  return [end.id, end.status, end.now, end.requestId];
}
