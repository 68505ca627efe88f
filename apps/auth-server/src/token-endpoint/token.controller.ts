import { All, Controller, HttpCode, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConsumes,
  ApiExcludeEndpoint,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { OAuthError, requireParameter, singleValuedParameters } from '@ofs/oauth';
import type { Request, Response } from 'express';
import { auditOrigin } from '../audit/audit-event';
import { AuditedOAuthErrorFilter } from '../audit/audited-oauth-error.filter';
import { ClientAuthenticator } from '../client-auth/client-authenticator.service';
import { Clock } from '../common/clock';
import { methodNotAllowed, noStore, requireFormBody } from '../common/oauth-request';
import { ServerRegistry } from '../servers/server-registry.service';
import { GRANT_HANDLERS, type GrantHandler } from './grant-handler';
import { SenderConstraintService } from './sender-constraint.service';
import { TokenResponseDto } from './token-response.dto';
import { OAuthErrorResponseDto, OAuthErrors } from '../common/api-errors';

/** RFC 6749 §3.2: parses, authenticates the client, binds the sender and dispatches to the grant's handler. */
@ApiTags('token')
@OAuthErrors(400, 401, 404)
@Controller(':tenant/:server/oauth2/token')
@UseFilters(AuditedOAuthErrorFilter)
export class TokenController {
  constructor(
    private readonly servers: ServerRegistry,
    private readonly authenticator: ClientAuthenticator,
    private readonly senders: SenderConstraintService,
    private readonly clock: Clock,
    @Inject(GRANT_HANDLERS) private readonly handlers: GrantHandler[],
  ) {}

  @Post()
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: 'Token endpoint (authorization_code, refresh_token, client_credentials)' })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiBadRequestResponse({ type: OAuthErrorResponseDto, description: 'RFC 6749 §5.2 error' })
  async token(
    @Param('tenant') tenant: string,
    @Param('server') serverId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TokenResponseDto> {
    noStore(res);
    const server = await this.servers.resolve(tenant, serverId);
    requireFormBody(req);
    const params = singleValuedParameters(req.body);
    const grantType = requireParameter(params, 'grant_type');
    const handler = this.handlers.find((h) => h.grantType === grantType);
    if (!handler) throw new OAuthError('unsupported_grant_type', `grant_type ${grantType} is not supported`);
    const client = await this.authenticator.authenticate(req, params, server);
    const registered = client.client.metadata.grant_types ?? [];
    if (!registered.some((registeredType) => registeredType === grantType)) {
      throw new OAuthError('unauthorized_client', `the client is not registered for ${grantType}`);
    }
    const binding = await this.senders.bind(req, client, this.servers.endpointUrl(req, server, '/oauth2/token'));
    const now = this.clock.now();
    const response = await handler.handle({ server, client, params, binding, now, origin: auditOrigin(req) });
    if (binding.tokenType === 'DPoP') res.setHeader('DPoP-Nonce', this.senders.freshNonce());
    return response;
  }

  @All()
  @ApiExcludeEndpoint() // 405 for other methods: not an operation of the API
  otherMethods(): never {
    throw methodNotAllowed('POST');
  }
}
