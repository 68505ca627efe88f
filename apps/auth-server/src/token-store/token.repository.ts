import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditEventInput } from '../audit/audit-event';
import { auditInsertSql } from '../audit/audit-event.repository';
import { entityFromRow } from '../common/entity-from-row';
import { preparedQuery } from '../database/prepared-sql';
import { TokenEntity, type TokenKind } from './token.entity';

/** A token as issued: its hash and what it carries, in the order of COLUMNS. */
export interface NewToken {
  tokenHash: string;
  kind: TokenKind;
  serverPk: string;
  clientId: string;
  grantId: string | null;
  subject: string | null;
  scope: string;
  authorizationDetails: Array<Record<string, unknown>> | null;
  consentId: string | null;
  jkt: string | null;
  x5tS256: string | null;
  issuedAt: Date;
  expiresAt: Date;
}

/** Columns written at issue, with their types (INSERT … SELECT FROM VALUES needs the casts). */
const COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['token_hash', 'text'],
  ['kind', 'text'],
  ['server_pk', 'uuid'],
  ['client_id', 'text'],
  ['grant_id', 'uuid'],
  ['subject', 'text'],
  ['scope', 'text'],
  ['authorization_details', 'jsonb'],
  ['consent_id', 'text'],
  ['jkt', 'text'],
  ['x5t_s256', 'text'],
  ['issued_at', 'timestamptz'],
  ['expires_at', 'timestamptz'],
];

/**
 * The `token` table (opaque tokens, by SHA-256 only). On the hot paths (every grant, every introspection) one
 * prepared statement per operation; the revocations run in the caller's transaction (TokenStore).
 */
@Injectable()
export class TokenRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Stores the tokens, and `events` (their audit trail, "audit_event") in the same statement; how many it stored. */
  insert(tokens: readonly NewToken[], events: readonly AuditEventInput[] = []): Promise<number> {
    return this.insertWith(tokens, undefined, events);
  }

  /**
   * TOKEN-04: consumes the authorization code of that hash ("authorization_code") and stores the tokens it yields
   * and their `events` ("audit_event"), in one statement, so atomic: nothing is stored when the code was consumed
   * in the meantime. How many tokens it stored.
   */
  insertRedeemingCode(
    codeHash: string,
    now: Date,
    tokens: readonly NewToken[],
    events: readonly AuditEventInput[] = [],
  ): Promise<number> {
    return this.insertWith(
      tokens,
      {
        sql: `consumed AS (
        UPDATE "authorization_code" SET "consumed_at" = $1 WHERE "code_hash" = $2 AND "consumed_at" IS NULL RETURNING 1
      )`,
        params: [now, codeHash],
      },
      events,
    );
  }

  /**
   * One statement: the precondition (a CTE named `consumed`), the tokens, and their audit events (one multi-row
   * insert, written only when the tokens are).
   */
  private async insertWith(
    tokens: readonly NewToken[],
    precondition?: { sql: string; params: unknown[] },
    events: readonly AuditEventInput[] = [],
  ): Promise<number> {
    const params: unknown[] = [...(precondition?.params ?? [])];
    const rows = tokens.map((token) => {
      const values = [
        token.tokenHash,
        token.kind,
        token.serverPk,
        token.clientId,
        token.grantId,
        token.subject,
        token.scope,
        token.authorizationDetails ? JSON.stringify(token.authorizationDetails) : null,
        token.consentId,
        token.jkt,
        token.x5tS256,
        token.issuedAt,
        token.expiresAt,
      ];
      const placeholders = values.map((value, column) => {
        params.push(value);
        return `$${params.length}::${COLUMNS[column]![1]}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    const into = `INSERT INTO "token" (${COLUMNS.map(([name]) => `"${name}"`).join(', ')})`;
    const insertTokens = precondition
      ? `${into} SELECT * FROM (VALUES ${rows.join(', ')}) AS v WHERE EXISTS (SELECT 1 FROM consumed)`
      : `${into} VALUES ${rows.join(', ')}`;
    const ctes = [...(precondition ? [precondition.sql] : []), `issued AS (${insertTokens} RETURNING 1)`];
    if (events.length) ctes.push(`audited AS (${auditInsertSql(events, params, 'EXISTS (SELECT 1 FROM issued)')})`);
    const inserted = await preparedQuery(this.db, `WITH ${ctes.join(', ')} SELECT 1 FROM issued`, params);
    return inserted.rows.length;
  }

  async findByHash(serverPk: string, tokenHash: string): Promise<TokenEntity | null> {
    const { rows } = await preparedQuery(
      this.db,
      `SELECT * FROM "token" WHERE "server_pk" = $1 AND "token_hash" = $2`,
      [serverPk, tokenHash],
    );
    return rows[0] ? entityFromRow(TokenEntity, rows[0]) : null;
  }

  /**
   * The tenant and server that issued the token of that hash, whichever it is (also reads "server"): the tenant-wide
   * system API finds the server this way.
   */
  async issuerOf(tokenHash: string): Promise<{ tenant: string; serverId: string } | null> {
    const rows: Array<{ tenant: string; server_id: string }> = await this.db.query(
      `SELECT s.tenant, s.server_id FROM "token" t JOIN "server" s ON s.id = t.server_pk WHERE t.token_hash = $1`,
      [tokenHash],
    );
    return rows[0] ? { tenant: rows[0].tenant, serverId: rows[0].server_id } : null;
  }

  /** Revokes every token of a consent, in the caller's transaction: how many, and the client and subject of one. */
  async revokeForConsent(
    m: EntityManager,
    serverPk: string,
    consentId: string,
    now: Date,
  ): Promise<{ count: number; holder: { clientId: string | null; subject: string | null } }> {
    // TypeORM answers UPDATE … RETURNING with [rows, affected].
    const [rows, count]: [Array<{ client_id: string; subject: string | null }>, number] = await m.query(
      `UPDATE token SET revoked_at = $3 WHERE server_pk = $1 AND consent_id = $2 AND revoked_at IS NULL
       RETURNING client_id, subject`,
      [serverPk, consentId, now],
    );
    return { count, holder: { clientId: rows[0]?.client_id ?? null, subject: rows[0]?.subject ?? null } };
  }

  /** Revokes every token of a grant, in the caller's transaction: how many. */
  async revokeGrant(m: EntityManager, serverPk: string, grantId: string, now: Date): Promise<number> {
    const [, count]: [unknown, number] = await m.query(
      `UPDATE token SET revoked_at = $3 WHERE server_pk = $1 AND grant_id = $2 AND revoked_at IS NULL`,
      [serverPk, grantId, now],
    );
    return count;
  }

  /** Revokes the token of that hash if `clientId` holds it and it is not revoked yet, in the caller's transaction. */
  async revokeForClient(
    m: EntityManager,
    serverPk: string,
    tokenHash: string,
    clientId: string,
    now: Date,
  ): Promise<{ kind: TokenKind; grantId: string | null; subject: string | null; consentId: string | null } | null> {
    // TypeORM answers UPDATE … RETURNING with [rows, affected].
    const [rows]: [
      Array<{ kind: TokenKind; grant_id: string | null; subject: string | null; consent_id: string | null }>,
      number,
    ] = await m.query(
      `UPDATE token SET revoked_at = $4 WHERE server_pk = $1 AND token_hash = $2 AND client_id = $3 AND revoked_at IS NULL
         RETURNING kind, grant_id, subject, consent_id`,
      [serverPk, tokenHash, clientId, now],
    );
    const revoked = rows[0];
    return revoked
      ? { kind: revoked.kind, grantId: revoked.grant_id, subject: revoked.subject, consentId: revoked.consent_id }
      : null;
  }

  /** Housekeeping: deletes the tokens expired at `before`, in the sweep's transaction. */
  async deleteExpired(m: EntityManager, before: Date): Promise<number> {
    // TypeORM answers DELETE with [rows, affected].
    const [, count]: [unknown, number] = await m.query(`DELETE FROM "token" WHERE "expires_at" <= $1`, [before]);
    return count;
  }
}
