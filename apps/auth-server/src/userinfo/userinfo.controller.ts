import { Controller, Get, HttpCode, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { verifyDpopProof } from '@ofs/fapi';
import { OAuthError, OAuthErrorFilter } from '@ofs/oauth';
import type { Request, Response } from 'express';
import { presentedCertificate } from '../client-auth/client-certificate';
import { Clock } from '../common/clock';
import { noStore } from '../common/oauth-request';
import { IdTokenService } from '../id-token/id-token.service';
import { certificateThumbprintSha256 } from '@ofs/pki';
import { PgReplayStore } from '../replay/pg-replay.store';
import { ServerRegistry } from '../servers/server-registry.service';
import { TokenStore } from '../tokens/token-store.service';

const DPOP_ALGS = 'algs="PS256 ES256 EdDSA"';

/** OIDC Core §5.3, as a FAPI 2.0 protected resource (FAPI2-SP 5.3.4, UI-01..UI-05). */
@ApiTags('userinfo')
@Controller(':tenant/:server/userinfo')
@UseFilters(OAuthErrorFilter)
export class UserinfoController {
  constructor(
    private readonly servers: ServerRegistry,
    private readonly tokens: TokenStore,
    private readonly idTokens: IdTokenService,
    private readonly replay: PgReplayStore,
    private readonly clock: Clock,
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
    const now = this.clock.now();
    const [scheme, value] = (req.headers.authorization ?? '').split(' ', 2);
    if (!scheme || !value || !/^(dpop|bearer)$/i.test(scheme))
      throw unauthorized('DPoP', 'access token required', false);
    const token = await this.tokens.findActive(server.entity.id, value, now);
    if (!token || token.kind !== 'access_token')
      throw unauthorized(token?.jkt ? 'DPoP' : scheme, 'invalid access token');
    if (token.jkt) {
      if (scheme.toLowerCase() !== 'dpop')
        throw unauthorized('DPoP', 'a DPoP-bound token must be sent with the DPoP scheme');
      try {
        await verifyDpopProof({
          proof: req.headersDistinct.dpop,
          htm: req.method,
          htu: this.servers.endpointUrl(req, server, '/userinfo'),
          accessToken: value,
          expectedJkt: token.jkt,
          now,
          replay: this.replay,
        });
      } catch (e) {
        if (e instanceof OAuthError) throw unauthorized('DPoP', e.description, true, 'invalid_dpop_proof');
        throw e;
      }
    } else if (token.x5tS256) {
      const certificate = presentedCertificate(req);
      if (!certificate || certificateThumbprintSha256(certificate.der) !== token.x5tS256) {
        throw unauthorized('Bearer', 'the token is bound to another client certificate');
      }
    }
    const scope = token.scope.split(' ');
    if (!scope.includes('openid') || !token.subject) {
      throw new OAuthError('insufficient_scope', 'the access token was not granted openid', {
        headers: { 'WWW-Authenticate': `${token.jkt ? 'DPoP' : 'Bearer'} error="insufficient_scope", scope="openid"` },
      });
    }
    return { sub: token.subject, ...this.idTokens.identityClaims(token.subject, scope) };
  }
}

/** RFC 6750 §3.1 / RFC 9449 §7.1: 401 with a challenge naming the scheme and the error. */
function unauthorized(scheme: string, description: string, withError = true, error = 'invalid_token'): OAuthError {
  const name = /^dpop$/i.test(scheme) ? 'DPoP' : 'Bearer';
  const params = [
    withError ? `error="${error}"` : '',
    withError ? `error_description="${description.replace(/"/g, "'")}"` : '',
    name === 'DPoP' ? DPOP_ALGS : '',
  ]
    .filter(Boolean)
    .join(', ');
  return new OAuthError('invalid_token', description, {
    status: 401,
    headers: { 'WWW-Authenticate': `${name}${params ? ` ${params}` : ''}` },
  });
}
