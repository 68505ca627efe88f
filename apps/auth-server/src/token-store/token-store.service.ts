import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { AuditEventInput } from '../audit/audit-event';
import { AuditEventRepository } from '../audit/audit-event.repository';
import { auditInsertSql } from '../audit/audit-sql';
import { entityFromRow } from '../common/entity-from-row';
import { preparedQuery } from '../database/prepared-sql';
import { randomToken, sha256 } from '../common/hash';
import type { SenderBinding } from '../token-endpoint/sender-binding';
import { TokenEntity, type TokenKind } from './token.entity';

export interface IssueTokenInput {
  kind: TokenKind;
  serverPk: string;
  clientId: string;
  grantId?: string | null;
  subject?: string | null;
  scope: string;
  authorizationDetails?: Array<Record<string, unknown>> | null;
  consentId?: string | null;
  binding: SenderBinding;
  issuedAt: Date;
  ttlSeconds: number;
  /** The token itself, when the caller needs it before it is stored (an ID token's at_hash); default: a new one. */
  token?: string;
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
 * Opaque tokens (256 random bits), stored by SHA-256 only. On the hot paths (every grant, every introspection)
 * it speaks SQL directly: one statement per operation, without TypeORM's per-query overhead.
 */
@Injectable()
export class TokenStore {
  constructor(
    @InjectRepository(TokenEntity) private readonly tokens: Repository<TokenEntity>,
    private readonly audit: AuditEventRepository,
  ) {}

  /** Stores a new token, and `events` (its audit trail) in the same statement. */
  async issue(input: IssueTokenInput, events: readonly AuditEventInput[] = []): Promise<string> {
    const [token] = await this.insert([input], undefined, events);
    return token!;
  }

  /**
   * TOKEN-04: consumes the authorization code and stores the tokens it yields, in one statement (atomic): null,
   * and nothing stored, when the code was consumed in the meantime. Returns the tokens in the order given.
   */
  async redeemCode(
    codeHash: string,
    now: Date,
    inputs: IssueTokenInput[],
    events: readonly AuditEventInput[] = [],
  ): Promise<string[] | null> {
    const tokens = await this.insert(
      inputs,
      {
        sql: `consumed AS (
        UPDATE "authorization_code" SET "consumed_at" = $1 WHERE "code_hash" = $2 AND "consumed_at" IS NULL RETURNING 1
      )`,
        params: [now, codeHash],
      },
      events,
    );
    return tokens.length === inputs.length ? tokens : null;
  }

  /**
   * One statement: the precondition (a CTE named `consumed`), the tokens, and their audit events (one multi-row
   * insert, written only when the tokens are).
   */
  private async insert(
    inputs: IssueTokenInput[],
    precondition?: { sql: string; params: unknown[] },
    events: readonly AuditEventInput[] = [],
  ): Promise<string[]> {
    const tokens = inputs.map((input) => input.token ?? newToken());
    const params: unknown[] = [...(precondition?.params ?? [])];
    const rows = inputs.map((input, i) => {
      const values = [
        sha256(tokens[i]!),
        input.kind,
        input.serverPk,
        input.clientId,
        input.grantId ?? null,
        input.subject ?? null,
        input.scope,
        input.authorizationDetails ? JSON.stringify(input.authorizationDetails) : null,
        input.consentId ?? null,
        input.binding.jkt ?? null,
        input.binding.x5tS256 ?? null,
        input.issuedAt,
        new Date(input.issuedAt.getTime() + input.ttlSeconds * 1000),
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
    const inserted = await preparedQuery(
      this.tokens.manager.connection,
      `WITH ${ctes.join(', ')} SELECT 1 FROM issued`,
      params,
    );
    return inserted.rows.length === inputs.length ? tokens : [];
  }

  async find(serverPk: string, token: string): Promise<TokenEntity | null> {
    const { rows } = await preparedQuery(
      this.tokens.manager.connection,
      `SELECT * FROM "token" WHERE "server_pk" = $1 AND "token_hash" = $2`,
      [serverPk, sha256(token)],
    );
    return rows[0] ? entityFromRow(TokenEntity, rows[0]) : null;
  }

  /** The tenant and server that issued the token (the tenant-wide system API finds the server this way). */
  async issuerOf(token: string): Promise<{ tenant: string; serverId: string } | null> {
    const rows: Array<{ tenant: string; server_id: string }> = await this.tokens.query(
      `SELECT s.tenant, s.server_id FROM "token" t JOIN "server" s ON s.id = t.server_pk WHERE t.token_hash = $1`,
      [sha256(token)],
    );
    return rows[0] ? { tenant: rows[0].tenant, serverId: rows[0].server_id } : null;
  }

  /** The token if it exists on this server, is not revoked and not expired at `now`. */
  async findActive(serverPk: string, token: string, now: Date): Promise<TokenEntity | null> {
    const found = await this.find(serverPk, token);
    if (!found || found.revokedAt || found.expiresAt.getTime() <= now.getTime()) return null;
    return found;
  }

  /**
   * Revokes every token issued under a consent (the consent was revoked at the bank), and ends its unredeemed
   * authorization codes, in the caller's transaction `m` when given (an identity-pool record update), else in one
   * of its own. Codes first: a redemption running at the same time either loses its code, or has committed its
   * tokens before the second statement, whose fresh snapshot (READ COMMITTED) then sees and revokes them.
   * `event` makes the audit event (`consent.tokens_revoked`) from the number revoked and the consent's client and
   * subject (as its tokens name them), written in the same transaction.
   */
  async revokeConsent(
    serverPk: string,
    consentId: string,
    now: Date,
    m?: EntityManager,
    event?: (revoked: number, holder: { clientId: string | null; subject: string | null }) => AuditEventInput,
  ): Promise<number> {
    if (!m) return this.tokens.manager.transaction((tx) => this.revokeConsent(serverPk, consentId, now, tx, event));
    await m.query(
      `UPDATE authorization_code SET consumed_at = $3 WHERE server_pk = $1 AND consent_id = $2 AND consumed_at IS NULL`,
      [serverPk, consentId, now],
    );
    // TypeORM answers UPDATE … RETURNING with [rows, affected].
    const [rows, count]: [Array<{ client_id: string; subject: string | null }>, number] = await m.query(
      `UPDATE token SET revoked_at = $3 WHERE server_pk = $1 AND consent_id = $2 AND revoked_at IS NULL
       RETURNING client_id, subject`,
      [serverPk, consentId, now],
    );
    if (event)
      await this.audit.record(
        [event(count, { clientId: rows[0]?.client_id ?? null, subject: rows[0]?.subject ?? null })],
        m,
      );
    return count;
  }

  /** Revokes every token of a grant (a reused code, TOKEN-05), with its audit event (`code.reused`). */
  async revokeGrant(
    serverPk: string,
    grantId: string,
    now: Date,
    event: (revoked: number) => AuditEventInput,
  ): Promise<number> {
    return this.tokens.manager.transaction(async (tx) => {
      const [, count]: [unknown, number] = await tx.query(
        `UPDATE token SET revoked_at = $3 WHERE server_pk = $1 AND grant_id = $2 AND revoked_at IS NULL`,
        [serverPk, grantId, now],
      );
      await this.audit.record([event(count)], tx);
      return count;
    });
  }

  /**
   * RFC 7009 §2.1: revokes a token of `clientId` (others' tokens are left alone). Revoking a refresh token
   * also revokes every token of its grant. Returns how many tokens it revoked; when it revoked any, `event` makes
   * the audit event (`token.revoked`), written in the same transaction.
   */
  async revokeForClient(
    serverPk: string,
    clientId: string,
    token: string,
    now: Date,
    event?: (revoked: {
      kind: TokenKind;
      count: number;
      subject: string | null;
      consentId: string | null;
    }) => AuditEventInput,
  ): Promise<number> {
    return this.tokens.manager.transaction(async (tx) => {
      // TypeORM answers UPDATE … RETURNING with [rows, affected].
      const [rows]: [
        Array<{ kind: TokenKind; grant_id: string | null; subject: string | null; consent_id: string | null }>,
        number,
      ] = await tx.query(
        `UPDATE token SET revoked_at = $4 WHERE server_pk = $1 AND token_hash = $2 AND client_id = $3 AND revoked_at IS NULL
         RETURNING kind, grant_id, subject, consent_id`,
        [serverPk, sha256(token), clientId, now],
      );
      const revoked = rows[0];
      if (!revoked) return 0;
      let count = 1;
      if (revoked.kind === 'refresh_token' && revoked.grant_id) {
        const [, more]: [unknown, number] = await tx.query(
          `UPDATE token SET revoked_at = $3 WHERE server_pk = $1 AND grant_id = $2 AND revoked_at IS NULL`,
          [serverPk, revoked.grant_id, now],
        );
        count += more;
      }
      const { kind, subject, consent_id: consentId } = revoked;
      if (event) await this.audit.record([event({ kind, count, subject, consentId })], tx);
      return count;
    });
  }
}

/** A new opaque token: 256 random bits. */
export function newToken(): string {
  return randomToken(32);
}
