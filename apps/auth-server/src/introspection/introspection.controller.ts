import { All, Controller, HttpCode, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiConsumes, ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { requireParameter, singleValuedParameters } from '@ofs/oauth';
import type { Request, Response } from 'express';
import { AuditedOAuthErrorFilter } from '../audit/audited-oauth-error.filter';
import { ClientAuthenticator } from '../client-auth/client-authenticator.service';
import { Clock } from '../common/clock';
import { methodNotAllowed, noStore, requireFormBody } from '../common/oauth-request';
import { ServerRegistry } from '../servers/server-registry.service';
import { TokenStore } from '../token-store/token-store.service';
import { introspectionResponse } from './introspection-response';
import { OAuthErrors } from '../common/api-errors';

/** The system scope that lets a resource server introspect tokens issued to other clients. */
export const INTROSPECT_SCOPE = 'introspect_tokens';

/** RFC 7662 for the banks' resource servers. No DPoP proof here (INTRO-05): the RS checks the binding itself. */
@ApiTags('introspection')
@OAuthErrors(400, 401, 404)
@Controller(':tenant/:server/oauth2/introspect')
@UseFilters(AuditedOAuthErrorFilter)
export class IntrospectionController {
  constructor(
    private readonly servers: ServerRegistry,
    private readonly authenticator: ClientAuthenticator,
    private readonly tokens: TokenStore,
    private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: 'Token introspection (RFC 7662)' })
  @ApiOkResponse({
    description: '`{active:false}`, or the active token with client_id, scope, sub, exp, iat, cnf, consent_id.',
  })
  async introspect(
    @Param('tenant') tenant: string,
    @Param('server') serverId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Record<string, unknown>> {
    noStore(res);
    const server = await this.servers.resolve(tenant, serverId);
    requireFormBody(req);
    const params = singleValuedParameters(req.body);
    const { client: caller } = await this.authenticator.authenticate(req, params, server);
    const token = await this.tokens.findActive(server.entity.id, requireParameter(params, 'token'), this.clock.now());
    if (!token) return { active: false };
    const mayIntrospect =
      token.clientId === caller.clientId || (caller.metadata.scope ?? '').split(' ').includes(INTROSPECT_SCOPE);
    return mayIntrospect ? introspectionResponse(token, server.issuer) : { active: false };
  }

  @All()
  @ApiExcludeEndpoint() // 405 for other methods: not an operation of the API
  otherMethods(): never {
    throw methodNotAllowed('POST');
  }
}
