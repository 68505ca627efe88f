import { All, Controller, HttpCode, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiConsumes, ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OAuthError, requireParameter, singleValuedParameters } from '@ofs/oauth';
import type { Request, Response } from 'express';
import { auditOrigin } from '../audit/audit-event';
import { AuditedOAuthErrorFilter } from '../audit/audited-oauth-error.filter';
import { ClientAuthenticator } from '../client-auth/client-authenticator.service';
import { Clock } from '../common/clock';
import { methodNotAllowed, noStore, requireFormBody } from '../common/oauth-request';
import { ServerRegistry } from '../servers/server-registry.service';
import { TokenStore } from '../token-store/token-store.service';
import { OAuthErrors } from '../common/api-errors';

const TOKEN_TYPE_HINTS = ['access_token', 'refresh_token'];

/** RFC 7009: a client revokes its own access or refresh tokens. */
@ApiTags('revocation')
@OAuthErrors(400, 401, 404)
@Controller(':tenant/:server/oauth2/revoke')
@UseFilters(AuditedOAuthErrorFilter)
export class RevocationController {
  constructor(
    private readonly servers: ServerRegistry,
    private readonly authenticator: ClientAuthenticator,
    private readonly tokens: TokenStore,
    private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: 'Token revocation (RFC 7009)' })
  @ApiOkResponse({ description: 'Revoked, or nothing to revoke (unknown, expired, or another client’s token).' })
  async revoke(
    @Param('tenant') tenant: string,
    @Param('server') serverId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    noStore(res);
    const server = await this.servers.resolve(tenant, serverId);
    requireFormBody(req);
    const params = singleValuedParameters(req.body);
    const { client } = await this.authenticator.authenticate(req, params, server);
    const token = requireParameter(params, 'token');
    const hint = params.token_type_hint;
    if (hint !== undefined && !TOKEN_TYPE_HINTS.includes(hint)) {
      throw new OAuthError('unsupported_token_type', `tokens of type ${hint} cannot be revoked here`);
    }
    // REVOKE-03/04: unknown, expired, already revoked or foreign tokens answer 200 and change nothing.
    const now = this.clock.now();
    await this.tokens.revokeForClient(server.entity.id, client.clientId, token, now, (revoked) => ({
      type: 'token.revoked',
      outcome: 'success',
      at: now,
      tenant: server.entity.tenant,
      serverId: server.entity.serverId,
      clientId: client.clientId,
      subject: revoked.subject,
      consentId: revoked.consentId,
      origin: auditOrigin(req),
      detail: { token_type: revoked.kind, revoked_tokens: revoked.count },
    }));
  }

  @All()
  @ApiExcludeEndpoint() // 405 for other methods: not an operation of the API
  otherMethods(): never {
    throw methodNotAllowed('POST');
  }
}
