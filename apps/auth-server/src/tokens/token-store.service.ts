import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { randomToken, sha256 } from '../common/hash';
import type { SenderBinding } from '../token/sender-binding';
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
}

/** Opaque tokens (256 random bits), stored by SHA-256 only. */
@Injectable()
export class TokenStore {
  constructor(@InjectRepository(TokenEntity) private readonly tokens: Repository<TokenEntity>) {}

  async issue(input: IssueTokenInput, repo: Repository<TokenEntity> = this.tokens): Promise<string> {
    const token = randomToken(32);
    await repo.insert({
      tokenHash: sha256(token),
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
      revokedAt: null,
      // jsonb columns: TypeORM's partial type cannot express an array of plain objects.
    } as QueryDeepPartialEntity<TokenEntity>);
    return token;
  }

  async find(serverPk: string, token: string): Promise<TokenEntity | null> {
    return this.tokens.findOneBy({ serverPk, tokenHash: sha256(token) });
  }

  /** The token if it exists on this server, is not revoked and not expired at `now`. */
  async findActive(serverPk: string, token: string, now: Date): Promise<TokenEntity | null> {
    const found = await this.find(serverPk, token);
    if (!found || found.revokedAt || found.expiresAt.getTime() <= now.getTime()) return null;
    return found;
  }

  /** Revokes every token issued under a consent (the consent was revoked at the bank). */
  async revokeConsent(serverPk: string, consentId: string, now: Date): Promise<number> {
    const [, count]: [unknown, number] = await this.tokens.query(
      `UPDATE token SET revoked_at = $3 WHERE server_pk = $1 AND consent_id = $2 AND revoked_at IS NULL`,
      [serverPk, consentId, now],
    );
    return count;
  }

  /** Revokes every token of a grant (a reused code, TOKEN-05). */
  async revokeGrant(serverPk: string, grantId: string, now: Date): Promise<number> {
    const [, count]: [unknown, number] = await this.tokens.query(
      `UPDATE token SET revoked_at = $3 WHERE server_pk = $1 AND grant_id = $2 AND revoked_at IS NULL`,
      [serverPk, grantId, now],
    );
    return count;
  }

  /**
   * RFC 7009 §2.1: revokes a token of `clientId` (others' tokens are left alone). Revoking a refresh token
   * also revokes every token of its grant. Returns how many tokens it revoked.
   */
  async revokeForClient(serverPk: string, clientId: string, token: string, now: Date): Promise<number> {
    return this.tokens.manager.transaction(async (tx) => {
      // TypeORM answers UPDATE … RETURNING with [rows, affected].
      const [rows]: [Array<{ kind: string; grant_id: string | null }>, number] = await tx.query(
        `UPDATE token SET revoked_at = $4 WHERE server_pk = $1 AND token_hash = $2 AND client_id = $3 AND revoked_at IS NULL
         RETURNING kind, grant_id`,
        [serverPk, sha256(token), clientId, now],
      );
      const revoked = rows[0];
      if (!revoked) return 0;
      if (revoked.kind !== 'refresh_token' || !revoked.grant_id) return 1;
      const [, count]: [unknown, number] = await tx.query(
        `UPDATE token SET revoked_at = $3 WHERE server_pk = $1 AND grant_id = $2 AND revoked_at IS NULL`,
        [serverPk, revoked.grant_id, now],
      );
      return 1 + count;
    });
  }
}
