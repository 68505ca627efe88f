// RFC 6749 §6, FAPI2-SP 5.3.2.1-9, RFC 9449 §5: a new sender-constrained access token; the refresh token is not rotated (TOKEN-19).
import { Injectable } from '@nestjs/common';
import { OAuthError, requireParameter } from '@ofs/oauth';
import { senderConstraintOf } from '../audit/audit-event';
import { tokenRequestDetails } from '../authorization-details/granted-details';
import { TokenStore } from '../token-store/token-store.service';
import type { GrantContext, GrantHandler } from './grant-handler';
import type { TokenResponseDto } from './token-response.dto';

@Injectable()
export class RefreshTokenGrant implements GrantHandler {
  readonly grantType = 'refresh_token';

  constructor(private readonly tokens: TokenStore) {}

  async handle({ server, client, params, binding, now, origin }: GrantContext): Promise<TokenResponseDto> {
    const presented = requireParameter(params, 'refresh_token');
    const refresh = await this.tokens.findActive(server.entity.id, presented, now);
    // TOKEN-20/23: unknown, revoked (e.g. its consent was revoked), expired or another client's.
    if (!refresh || refresh.kind !== 'refresh_token' || refresh.clientId !== client.client.clientId) {
      throw new OAuthError('invalid_grant', 'invalid refresh token');
    }
    const original = refresh.scope.split(' ');
    const requested = params.scope === undefined ? original : params.scope.split(' ').filter(Boolean);
    const wider = requested.filter((s) => !original.includes(s));
    if (wider.length) throw new OAuthError('invalid_scope', `scope wider than the grant: ${wider.join(' ')}`);
    const scope = requested.join(' ');
    // TOKEN-28: part of the granted details for this access token; the refresh token keeps them all.
    const details = tokenRequestDetails(server, refresh.authorizationDetails, params.authorization_details);
    const ttl = server.entity.settings.accessTokenTtlSeconds;
    const accessToken = await this.tokens.issue(
      {
        kind: 'access_token',
        serverPk: server.entity.id,
        clientId: refresh.clientId,
        grantId: refresh.grantId,
        subject: refresh.subject,
        scope,
        authorizationDetails: details,
        consentId: refresh.consentId,
        binding,
        issuedAt: now,
        ttlSeconds: ttl,
      },
      [
        {
          type: 'token.refreshed',
          outcome: 'success',
          at: now,
          tenant: server.entity.tenant,
          serverId: server.entity.serverId,
          clientId: refresh.clientId,
          subject: refresh.subject,
          consentId: refresh.consentId,
          origin,
          detail: {
            scope,
            sender_constraint: senderConstraintOf(binding),
            expires_in: ttl,
            ...(refresh.grantId ? { grant_id: refresh.grantId } : {}),
          },
        },
      ],
    );
    const response: TokenResponseDto = {
      access_token: accessToken,
      token_type: binding.tokenType,
      expires_in: ttl,
      scope,
      refresh_token: presented,
    };
    if (details) response.authorization_details = details;
    return response;
  }
}
