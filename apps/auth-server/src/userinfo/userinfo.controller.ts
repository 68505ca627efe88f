import { Controller, Get, HttpCode, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { OAuthError } from '@ofs/oauth';
import type { Request, Response } from 'express';
import { AuditedOAuthErrorFilter } from '../audit/audited-oauth-error.filter';
import { noStore } from '../common/oauth-request';
import { IdTokenService } from '../id-token/id-token.service';
import { AccessTokenVerifier } from '../resource/access-token-verifier.service';
import { ServerRegistry } from '../servers/server-registry.service';
import { OAuthErrors } from '../common/api-errors';

/** OIDC Core §5.3, as a FAPI 2.0 protected resource (FAPI2-SP 5.3.4, UI-01..UI-05). */
@ApiTags('userinfo')
@OAuthErrors(401, 403, 404)
@ApiSecurity('dpop')
@ApiSecurity('certificate-bound')
@Controller(':tenant/:server/userinfo')
@UseFilters(AuditedOAuthErrorFilter)
export class UserinfoController {
  constructor(
    private readonly servers: ServerRegistry,
    private readonly verifier: AccessTokenVerifier,
    private readonly idTokens: IdTokenService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'UserInfo (DPoP- or certificate-bound access token with openid)' })
  @ApiOkResponse({ description: 'sub and the claims the granted scopes allow.' })
  get(
    @Param('tenant') t: string,
    @Param('server') s: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.userinfo(t, s, req, res);
  }

  @Post()
  @HttpCode(200)
  post(
    @Param('tenant') t: string,
    @Param('server') s: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.userinfo(t, s, req, res);
  }

  private async userinfo(
    tenant: string,
    serverId: string,
    req: Request,
    res: Response,
  ): Promise<Record<string, unknown>> {
    noStore(res);
    const server = await this.servers.resolve(tenant, serverId);
    const token = await this.verifier.verify(req, server, '/userinfo', 'openid');
    if (!token.subject) throw new OAuthError('insufficient_scope', 'the access token has no end-user', { status: 403 });
    return {
      sub: token.subject,
      ...(await this.idTokens.identityClaims(server, token.subject, token.scope.split(' '))),
    };
  }
}
