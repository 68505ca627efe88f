// RFC 6749 §4.4, FAPI 2.0 client credentials: a sender-constrained access token, no refresh token (TOKEN-25).
import { Injectable } from '@nestjs/common';
import { OAuthError } from '@ofs/oauth';
import { senderConstraintOf } from '../audit/audit-event';
import { TokenStore } from '../token-store/token-store.service';
import type { GrantContext, GrantHandler } from './grant-handler';
import { grantableScope } from '../clients/client-scope';
import type { TokenResponseDto } from './token-response.dto';

@Injectable()
export class ClientCredentialsGrant implements GrantHandler {
  readonly grantType = 'client_credentials';

  constructor(private readonly tokens: TokenStore) {}

  async handle({ server, client, params, binding, now, origin }: GrantContext): Promise<TokenResponseDto> {
    // Details are granted by a customer through the authorization endpoint; a machine grant has nobody to consent.
    if (params.authorization_details !== undefined)
      throw new OAuthError(
        'invalid_authorization_details',
        'authorization_details are granted through an authorization request (PAR), not with client_credentials',
      );
    const scope = grantableScope(client.client, params.scope).filter((s) => s !== 'openid' && s !== 'offline_access');
    if (scope.length === 0)
      throw new OAuthError('invalid_scope', 'no scope this client may get with client_credentials');
    const ttl = server.entity.settings.accessTokenTtlSeconds;
    const accessToken = await this.tokens.issue(
      {
        kind: 'access_token',
        serverPk: server.entity.id,
        clientId: client.client.clientId,
        scope: scope.join(' '),
        binding,
        issuedAt: now,
        ttlSeconds: ttl,
      },
      [
        {
          type: 'token.issued',
          outcome: 'success',
          at: now,
          tenant: server.entity.tenant,
          serverId: server.entity.serverId,
          clientId: client.client.clientId,
          origin,
          detail: {
            grant_type: 'client_credentials',
            token_types: ['access_token'],
            scope: scope.join(' '),
            sender_constraint: senderConstraintOf(binding),
            expires_in: ttl,
          },
        },
      ],
    );
    return { access_token: accessToken, token_type: binding.tokenType, expires_in: ttl, scope: scope.join(' ') };
  }
}
