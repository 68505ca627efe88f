// RFC 6749 §4.1.3, RFC 7636 §4.6, FAPI2-SP 5.3.2.1-11 / 5.3.2.2-9, RFC 9449 §10: code exchange.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { verifyCodeVerifier } from '@ofs/fapi';
import { OAuthError, requireParameter } from '@ofs/oauth';
import { DataSource } from 'typeorm';
import { AuthorizationCodeEntity } from '../authorize/authorization-code.entity';
import { sha256 } from '../common/hash';
import { IdTokenService } from '../id-token/id-token.service';
import { TokenEntity } from '../tokens/token.entity';
import { TokenStore } from '../tokens/token-store.service';
import type { GrantContext, GrantHandler } from './grant-handler';
import type { TokenResponseDto } from './token-response.dto';

@Injectable()
export class AuthorizationCodeGrant implements GrantHandler {
  readonly grantType = 'authorization_code';
  readonly parameters = ['code', 'redirect_uri', 'code_verifier'] as const;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tokens: TokenStore,
    private readonly idTokens: IdTokenService,
  ) {}

  async handle({ server, client, params, binding, now }: GrantContext): Promise<TokenResponseDto> {
    const code = requireParameter(params, 'code');
    const found = await this.db
      .getRepository(AuthorizationCodeEntity)
      .findOneBy({ serverPk: server.entity.id, codeHash: sha256(code) });
    // TOKEN-07: another client's code is as good as no code.
    if (!found || found.clientId !== client.client.clientId)
      throw new OAuthError('invalid_grant', 'invalid authorization code');
    if (found.consumedAt) {
      // TOKEN-05: a code used twice revokes what it issued.
      await this.tokens.revokeGrant(server.entity.id, found.grantId, now);
      throw new OAuthError('invalid_grant', 'the authorization code was already used');
    }
    if (found.expiresAt.getTime() <= now.getTime())
      throw new OAuthError('invalid_grant', 'the authorization code has expired');
    // TOKEN-10: the redirect_uri of the pushed request, exactly.
    if (params.redirect_uri !== found.redirectUri)
      throw new OAuthError('invalid_grant', 'redirect_uri does not match the authorization request');
    verifyCodeVerifier(params.code_verifier, found.codeChallenge); // TOKEN-09
    // TOKEN-11: a code bound at PAR (dpop_jkt or a PAR proof) is redeemed with the same key.
    if (found.dpopJkt && binding.jkt !== found.dpopJkt) {
      throw new OAuthError(
        'invalid_dpop_proof',
        'the DPoP key differs from the one bound to the authorization request',
      );
    }

    const scope = found.scope.split(' ').filter(Boolean);
    const settings = server.entity.settings;
    return this.db.transaction(async (tx) => {
      const consumed = await tx
        .createQueryBuilder()
        .update(AuthorizationCodeEntity)
        .set({ consumedAt: now })
        .where('code_hash = :hash AND consumed_at IS NULL', { hash: found.codeHash })
        .execute();
      if (consumed.affected !== 1) throw new OAuthError('invalid_grant', 'the authorization code was already used');
      const common = {
        serverPk: server.entity.id,
        clientId: found.clientId,
        grantId: found.grantId,
        subject: found.subject,
        scope: found.scope,
        authorizationDetails: found.authorizationDetails,
        consentId: found.consentId,
        issuedAt: now,
      };
      const tokenRepo = tx.getRepository(TokenEntity);
      const accessToken = await this.tokens.issue(
        { ...common, kind: 'access_token', binding, ttlSeconds: settings.accessTokenTtlSeconds },
        tokenRepo,
      );
      const response: TokenResponseDto = {
        access_token: accessToken,
        token_type: binding.tokenType,
        expires_in: settings.accessTokenTtlSeconds,
        scope: found.scope,
      };
      const grants = (client.client.metadata.grant_types as string[] | undefined) ?? [];
      if (scope.includes('offline_access') && grants.includes('refresh_token')) {
        // Confidential clients: the refresh token is bound to the client, not to a DPoP key (RFC 9449 §5).
        response.refresh_token = await this.tokens.issue(
          {
            ...common,
            kind: 'refresh_token',
            binding: { tokenType: 'Bearer', x5tS256: binding.x5tS256 },
            ttlSeconds: settings.refreshTokenTtlSeconds,
          },
          tokenRepo,
        );
      }
      if (scope.includes('openid')) {
        response.id_token = await this.idTokens.issue({
          server,
          client: client.client,
          subject: found.subject,
          scope,
          authTime: found.authTime,
          nonce: found.nonce,
          accessToken,
          now,
        });
      }
      if (found.authorizationDetails) response.authorization_details = found.authorizationDetails;
      return response;
    });
  }
}
