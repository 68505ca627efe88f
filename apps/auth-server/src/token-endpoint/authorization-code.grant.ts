// RFC 6749 §4.1.3, RFC 7636 §4.6, FAPI2-SP 5.3.2.1-11 / 5.3.2.2-9, RFC 9449 §10: code exchange.
import { Injectable } from '@nestjs/common';
import { verifyCodeVerifier } from '@ofs/fapi';
import { OAuthError, requireParameter } from '@ofs/oauth';
import { senderConstraintOf, type AuditEventInput } from '../audit/audit-event';
import type { AuthorizationCodeEntity } from '../authorize/authorization-code.entity';
import { AuthorizationCodeRepository } from '../authorize/authorization-code.repository';
import { sha256 } from '../common/hash';
import { tokenRequestDetails } from '../authorization-details/granted-details';
import { IdTokenService } from '../id-token/id-token.service';
import { identityClaimsOf, type IdentityClaims } from '../identity/pool-identity-provider';
import type { ServerContext } from '../servers/server-context';
import { newToken, TokenStore, type IssueTokenInput } from '../token-store/token-store.service';
import type { GrantContext, GrantHandler } from './grant-handler';
import type { TokenResponseDto } from './token-response.dto';

@Injectable()
export class AuthorizationCodeGrant implements GrantHandler {
  readonly grantType = 'authorization_code';

  constructor(
    private readonly codes: AuthorizationCodeRepository,
    private readonly tokens: TokenStore,
    private readonly idTokens: IdTokenService,
  ) {}

  async handle({ server, client, params, binding, now, origin }: GrantContext): Promise<TokenResponseDto> {
    const code = requireParameter(params, 'code');
    const found = await this.findCode(server, sha256(code));
    // TOKEN-07: another client's code is as good as no code.
    if (!found || found.clientId !== client.client.clientId)
      throw new OAuthError('invalid_grant', 'invalid authorization code');
    const event = {
      at: now,
      tenant: server.entity.tenant,
      serverId: server.entity.serverId,
      clientId: found.clientId,
      subject: found.subject,
      consentId: found.consentId,
      origin,
    };
    if (found.consumedAt) {
      // TOKEN-05: a code used twice revokes what it issued.
      await this.tokens.revokeGrant(server.entity.id, found.grantId, now, (revoked) => ({
        ...event,
        type: 'code.reused',
        outcome: 'failure',
        detail: { grant_id: found.grantId, revoked_tokens: revoked },
      }));
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

    // TOKEN-28: the access token may carry part of the granted details; the refresh token keeps the grant.
    const details = tokenRequestDetails(server, found.authorizationDetails, params.authorization_details);
    const scope = found.scope.split(' ').filter(Boolean);
    const settings = server.entity.settings;
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
    const accessToken = newToken();
    const issue: IssueTokenInput[] = [
      {
        ...common,
        kind: 'access_token',
        token: accessToken,
        authorizationDetails: details,
        binding,
        ttlSeconds: settings.accessTokenTtlSeconds,
      },
    ];
    const grants = client.client.metadata.grant_types ?? [];
    if (scope.includes('offline_access') && grants.includes('refresh_token')) {
      // Confidential clients: the refresh token is bound to the client, not to a DPoP key (RFC 9449 §5).
      issue.push({
        ...common,
        kind: 'refresh_token',
        binding: { tokenType: 'Bearer', x5tS256: binding.x5tS256 },
        ttlSeconds: settings.refreshTokenTtlSeconds,
      });
    }
    // Signed before anything is stored: a failure here leaves the code unused.
    const idToken = scope.includes('openid')
      ? await this.idTokens.issue({
          server,
          client: client.client,
          subject: found.subject,
          scope,
          authTime: found.authTime,
          nonce: found.nonce,
          accessToken,
          now,
          user: found.user,
        })
      : undefined;
    const events: AuditEventInput[] = [
      { ...event, type: 'code.redeemed', outcome: 'success', detail: { grant_id: found.grantId } },
      {
        ...event,
        type: 'token.issued',
        outcome: 'success',
        detail: {
          grant_type: 'authorization_code',
          token_types: issue.map((i) => i.kind),
          scope: found.scope,
          sender_constraint: senderConstraintOf(binding),
          expires_in: settings.accessTokenTtlSeconds,
          grant_id: found.grantId,
        },
      },
    ];
    const issued = await this.tokens.redeemCode(found.codeHash, now, issue, events);
    if (!issued) {
      // TOKEN-04/TOKEN-05: another request redeemed it a moment ago (its statement has committed by now): a code
      // used twice revokes what it issued, the winner's access and refresh tokens included.
      await this.tokens.revokeGrant(server.entity.id, found.grantId, now, (revoked) => ({
        ...event,
        type: 'code.reused',
        outcome: 'failure',
        detail: { grant_id: found.grantId, revoked_tokens: revoked },
      }));
      throw new OAuthError('invalid_grant', 'the authorization code was already used');
    }
    const response: TokenResponseDto = {
      access_token: accessToken,
      token_type: binding.tokenType,
      expires_in: settings.accessTokenTtlSeconds,
      scope: found.scope,
    };
    if (issued[1]) response.refresh_token = issued[1];
    if (idToken) response.id_token = idToken;
    if (details) response.authorization_details = details;
    return response;
  }

  /**
   * The code, with its subject's identity record as the ID token needs it (same pool and username lookup as
   * PoolIdentityProvider.claimsOf), in one statement: null user when the pool has no such user (any more).
   */
  private async findCode(
    server: ServerContext,
    codeHash: string,
  ): Promise<(AuthorizationCodeEntity & { user: IdentityClaims | null }) | null> {
    const found = await this.codes.findWithUser(server.entity.id, codeHash, {
      tenant: server.entity.tenant,
      poolId: server.entity.settings.identityPool,
    });
    return found && Object.assign(found, { user: found.user && identityClaimsOf(found.user) });
  }
}
