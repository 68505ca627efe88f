import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiSecurity,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { OAuthError, parseAuthorizationDetails } from '@ofs/oauth';
import type { Request, Response } from 'express';
import { AuditedOAuthErrorFilter } from '../audit/audited-oauth-error.filter';
import { auditOrigin } from '../audit/audit-event';
import { grantedDetails } from '../authorization-details/granted-details';
import { ClientService } from '../clients/client.service';
import { Clock } from '../common/clock';
import { noStore } from '../common/oauth-request';
import { InteractionService, type PushedParameters } from '../interaction/interaction.service';
import { AccessTokenVerifier } from '../resource/access-token-verifier.service';
import { ServerRegistry } from '../servers/server-registry.service';
import { TokenStore } from '../token-store/token-store.service';
import { AcceptLoginDto, PendingLoginDto, RedirectDto, RejectLoginDto } from './system-login.dto';
import { OAuthErrorResponseDto, OAuthErrors } from '../common/api-errors';

export const MANAGE_LOGINS_SCOPE = 'manage_logins';
export const REVOKE_TOKENS_SCOPE = 'revoke_tokens';

/**
 * The banks' system API: their consent pages read and decide pending logins; their consent stores revoke
 * every token of a consent. Callers are the bank's own clients, with a sender-constrained token and a system scope.
 */
@ApiTags('system')
@OAuthErrors(400, 401, 403, 404, 409)
@ApiSecurity('dpop')
@ApiSecurity('certificate-bound')
@Controller('api/system/:tenant/servers/:server')
@UseFilters(AuditedOAuthErrorFilter)
export class SystemController {
  constructor(
    private readonly servers: ServerRegistry,
    private readonly verifier: AccessTokenVerifier,
    private readonly interactions: InteractionService,
    private readonly clients: ClientService,
    private readonly tokens: TokenStore,
    private readonly clock: Clock,
  ) {}

  @Get('logins/:loginId')
  @ApiOperation({ summary: 'Read a login waiting for consent (scope manage_logins)' })
  @ApiOkResponse({ type: PendingLoginDto })
  async getLogin(
    @Param() p: SystemParams,
    @Param('loginId') loginId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PendingLoginDto> {
    noStore(res);
    const server = await this.authorize(p, req, `logins/${loginId}`, MANAGE_LOGINS_SCOPE);
    const { interaction, request } = await this.interactions.forSystem(server, loginId, this.clock.now());
    const params = request.parameters as PushedParameters;
    const client = await this.clients.findForServer(server.entity.id, request.clientId);
    return {
      login_id: interaction.id,
      subject: interaction.subject!,
      client_id: request.clientId,
      client_name: client?.metadata.client_name ?? request.clientId,
      redirect_uri: params.redirect_uri!,
      dynamically_registered: client ? client.registrationAccessTokenHash !== null && !client.system : false,
      requested_scopes: (params.scope ?? '').split(' ').filter(Boolean),
      authorization_details: params.authorization_details
        ? parseAuthorizationDetails(params.authorization_details)
        : [],
      auth_time: Math.floor(interaction.authTime!.getTime() / 1000),
    };
  }

  @Post('logins/:loginId/accept')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Accept a login with the granted scopes, consent id and authorization details',
    description:
      'granted_authorization_details may narrow the requested ones per type (a subset of accounts or permissions; ' +
      'a payment exactly as requested); anything wider is refused with 400 invalid_request.',
  })
  @ApiOkResponse({ type: RedirectDto })
  @ApiBadRequestResponse({
    type: OAuthErrorResponseDto,
    description: 'invalid_request: a wrong login_state, scopes or authorization_details wider than requested.',
  })
  async accept(
    @Param() p: SystemParams,
    @Param('loginId') loginId: string,
    @Body() body: AcceptLoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RedirectDto> {
    noStore(res);
    const { server, caller } = await this.authorizeCaller(p, req, `logins/${loginId}/accept`, MANAGE_LOGINS_SCOPE);
    const { interaction, request } = await this.interactions.forSystem(server, loginId, this.clock.now());
    this.interactions.checkLoginState(interaction, body.login_state);
    const params = request.parameters as PushedParameters;
    const requested = (params.scope ?? '').split(' ').filter(Boolean);
    const extra = body.granted_scopes.filter((s) => !requested.includes(s));
    if (extra.length) throw new OAuthError('invalid_request', `granted_scopes were not requested: ${extra.join(' ')}`);
    const granted = body.granted_authorization_details?.length
      ? grantedDetails(server, body.granted_authorization_details, params)
      : undefined;
    const decision = {
      grantedScopes: [...new Set(body.granted_scopes)],
      grantedAuthorizationDetails: granted,
      consentId: body.consent_id,
    };
    await this.interactions.decided(server, interaction, request, decision, this.decidedBy(req, caller));
    return { redirect_to: `${server.issuer}/oauth2/authorize/resume/${interaction.id}` };
  }

  @Post('logins/:loginId/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a login: the client receives the error' })
  @ApiOkResponse({ type: RedirectDto })
  async reject(
    @Param() p: SystemParams,
    @Param('loginId') loginId: string,
    @Body() body: RejectLoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RedirectDto> {
    noStore(res);
    const { server, caller } = await this.authorizeCaller(p, req, `logins/${loginId}/reject`, MANAGE_LOGINS_SCOPE);
    const { interaction, request } = await this.interactions.forSystem(server, loginId, this.clock.now());
    this.interactions.checkLoginState(interaction, body.login_state);
    const decision = { grantedScopes: [], error: { error: body.error, error_description: body.error_description } };
    await this.interactions.decided(server, interaction, request, decision, this.decidedBy(req, caller));
    return { redirect_to: `${server.issuer}/oauth2/authorize/resume/${interaction.id}` };
  }

  @Delete('tokens')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke every token (access and refresh) issued under a consent (scope revoke_tokens)' })
  @ApiQuery({ name: 'consent_id', required: true })
  @ApiNoContentResponse({ description: 'Revoked; introspection answers active:false for them at once.' })
  async revokeConsentTokens(
    @Param() p: SystemParams,
    @Query('consent_id') consentId: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    noStore(res);
    const { server, caller } = await this.authorizeCaller(p, req, 'tokens', REVOKE_TOKENS_SCOPE);
    if (typeof consentId !== 'string' || consentId === '')
      throw new OAuthError('invalid_request', 'consent_id is required, once');
    const now = this.clock.now();
    await this.tokens.revokeConsent(server.entity.id, consentId, now, undefined, (revoked, holder) => ({
      type: 'consent.tokens_revoked',
      outcome: 'success',
      at: now,
      tenant: server.entity.tenant,
      serverId: server.entity.serverId,
      clientId: holder.clientId,
      subject: holder.subject,
      consentId,
      origin: auditOrigin(req),
      detail: { via: 'system_api', revoked_tokens: revoked, actor_client_id: caller.clientId },
    }));
  }

  private async authorize(p: SystemParams, req: Request, path: string, scope: string) {
    return (await this.authorizeCaller(p, req, path, scope)).server;
  }

  private async authorizeCaller(p: SystemParams, req: Request, path: string, scope: string) {
    const server = await this.servers.resolve(p.tenant, p.server);
    const caller = await this.verifier.verify(
      req,
      server,
      `/api/system/${p.tenant}/servers/${p.server}/${path}`,
      scope,
      true,
    );
    return { server, caller };
  }

  private decidedBy(req: Request, caller: { clientId: string }) {
    return {
      decidedBy: 'system_api' as const,
      actorClientId: caller.clientId,
      now: this.clock.now(),
      origin: auditOrigin(req),
    };
  }
}

interface SystemParams {
  tenant: string;
  server: string;
}
