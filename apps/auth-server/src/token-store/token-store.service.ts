import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditEventInput } from '../audit/audit-event';
import { AuditEventRepository } from '../audit/audit-event.repository';
import { AuthorizationCodeRepository } from '../authorize/authorization-code.repository';
import { randomToken, sha256 } from '../common/hash';
import type { SenderBinding } from '../token-endpoint/sender-binding';
import type { TokenEntity, TokenKind } from './token.entity';
import { TokenRepository, type NewToken } from './token.repository';

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

/**
 * Opaque tokens (256 random bits), stored by SHA-256 only (TokenRepository): one statement per operation on the
 * hot paths (every grant, every introspection); the revocations and their audit events in one transaction.
 */
@Injectable()
export class TokenStore {
  constructor(
    private readonly tokens: TokenRepository,
    private readonly codes: AuthorizationCodeRepository,
    private readonly audit: AuditEventRepository,
    /** For transactions only: the statements are the repositories'. */
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** Stores a new token, and `events` (its audit trail) in the same statement. */
  async issue(input: IssueTokenInput, events: readonly AuditEventInput[] = []): Promise<string> {
    const [token] = await this.prepare([input], (rows) => this.tokens.insert(rows, events));
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
    const tokens = await this.prepare(inputs, (rows) => this.tokens.insertRedeemingCode(codeHash, now, rows, events));
    return tokens.length === inputs.length ? tokens : null;
  }

  /** The tokens (as given, or new ones) and their rows; the tokens when `store` stored every row, else none. */
  private async prepare(inputs: IssueTokenInput[], store: (rows: NewToken[]) => Promise<number>): Promise<string[]> {
    const tokens = inputs.map((input) => input.token ?? newToken());
    const rows = inputs.map((input, i): NewToken => ({
      tokenHash: sha256(tokens[i]!),
      kind: input.kind,
      serverPk: input.serverPk,
      clientId: input.clientId,
      grantId: input.grantId ?? null,
      subject: input.subject ?? null,
      scope: input.scope,
      authorizationDetails: input.authorizationDetails ?? null,
      consentId: input.consentId ?? null,
      jkt: input.binding.jkt ?? null,
      x5tS256: input.binding.x5tS256 ?? null,
      issuedAt: input.issuedAt,
      expiresAt: new Date(input.issuedAt.getTime() + input.ttlSeconds * 1000),
    }));
    return (await store(rows)) === inputs.length ? tokens : [];
  }

  find(serverPk: string, token: string): Promise<TokenEntity | null> {
    return this.tokens.findByHash(serverPk, sha256(token));
  }

  /** The tenant and server that issued the token (the tenant-wide system API finds the server this way). */
  issuerOf(token: string): Promise<{ tenant: string; serverId: string } | null> {
    return this.tokens.issuerOf(sha256(token));
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
    if (!m) return this.db.transaction((tx) => this.revokeConsent(serverPk, consentId, now, tx, event));
    await this.codes.consumeForConsent(m, serverPk, consentId, now);
    const { count, holder } = await this.tokens.revokeForConsent(m, serverPk, consentId, now);
    if (event) await this.audit.record([event(count, holder)], m);
    return count;
  }

  /** Revokes every token of a grant (a reused code, TOKEN-05), with its audit event (`code.reused`). */
  async revokeGrant(
    serverPk: string,
    grantId: string,
    now: Date,
    event: (revoked: number) => AuditEventInput,
  ): Promise<number> {
    return this.db.transaction(async (tx) => {
      const count = await this.tokens.revokeGrant(tx, serverPk, grantId, now);
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
    return this.db.transaction(async (tx) => {
      const revoked = await this.tokens.revokeForClient(tx, serverPk, sha256(token), clientId, now);
      if (!revoked) return 0;
      let count = 1;
      if (revoked.kind === 'refresh_token' && revoked.grantId)
        count += await this.tokens.revokeGrant(tx, serverPk, revoked.grantId, now);
      const { kind, subject, consentId } = revoked;
      if (event) await this.audit.record([event({ kind, count, subject, consentId })], tx);
      return count;
    });
  }
}

/** A new opaque token: 256 random bits. */
export function newToken(): string {
  return randomToken(32);
}
