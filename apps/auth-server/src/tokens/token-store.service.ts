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
}
