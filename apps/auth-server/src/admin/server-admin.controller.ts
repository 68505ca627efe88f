import { Body, Controller, Get, HttpCode, Param, Patch, Post, Req, Res, UseFilters } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiSecurity, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OAuthError } from '@ofs/oauth';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { AuditedOAuthErrorFilter } from '../audit/audited-oauth-error.filter';
import { auditOrigin } from '../audit/audit-event';
import { AuditEventRepository } from '../audit/audit-event.repository';
import { ClientRepository } from '../clients/client.repository';
import { Clock } from '../common/clock';
import { noStore } from '../common/oauth-request';
import { IdentityPoolRepository } from '../identity-pools/identity-pool.repository';
import { SigningKeyService } from '../keys/signing-key.service';
import { AccessTokenVerifier } from '../resource/access-token-verifier.service';
import type { ServerContext } from '../servers/server-context';
import { ServerRepository } from '../servers/server.repository';
import { ServerRegistry } from '../servers/server-registry.service';
import { ClientSummaryDto, RotatedKeyDto, RotateKeyDto, ServerDto, UpdateServerDto } from './server-admin.dto';
import { OAuthErrors } from '../common/api-errors';

export const MANAGE_SERVERS_SCOPE = 'manage_servers';

/** Server settings and keys, for the sandbox operator (a client with the system scope manage_servers). */
@ApiTags('admin')
@OAuthErrors(400, 401, 403, 404)
@ApiSecurity('dpop')
@ApiSecurity('certificate-bound')
@Controller('api/admin/:tenant/servers/:server')
@UseFilters(AuditedOAuthErrorFilter)
export class ServerAdminController {
  constructor(
    private readonly servers: ServerRegistry,
    private readonly verifier: AccessTokenVerifier,
    private readonly keys: SigningKeyService,
    private readonly serverRows: ServerRepository,
    private readonly clients: ClientRepository,
    private readonly pools: IdentityPoolRepository,
    private readonly audit: AuditEventRepository,
    private readonly clock: Clock,
    /** For transactions only: the statements are the repositories'. */
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @Get()
  @ApiOperation({ summary: "A server's settings" })
  @ApiOkResponse({ type: ServerDto })
  async get(
    @Param() p: AdminParams,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ServerDto> {
    noStore(res);
    return toDto(await this.authorize(p, req, ''));
  }

  @Patch()
  @ApiOperation({
    summary: "Change a server's name, consent page, identity pool, token lifetimes or request-object policy",
  })
  @ApiOkResponse({ type: ServerDto })
  async update(
    @Param() p: AdminParams,
    @Body() body: UpdateServerDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ServerDto> {
    noStore(res);
    const { server, caller } = await this.authorizeCaller(p, req, '');
    const settings = { ...server.entity.settings };
    // null is kept (not dropped): the operator's choice of the built-in page survives restarts.
    if (body.consent_page_url !== undefined) settings.consentPageUrl = body.consent_page_url;
    if (body.identity_pool !== undefined) {
      if (!(await this.pools.find(p.tenant, body.identity_pool)))
        throw new OAuthError('invalid_request', `identity_pool: no pool ${body.identity_pool} in tenant ${p.tenant}`);
      settings.identityPool = body.identity_pool;
    }
    if (body.access_token_ttl_seconds !== undefined) settings.accessTokenTtlSeconds = body.access_token_ttl_seconds;
    if (body.refresh_token_ttl_seconds !== undefined) settings.refreshTokenTtlSeconds = body.refresh_token_ttl_seconds;
    if (body.par_ttl_seconds !== undefined) settings.parTtlSeconds = body.par_ttl_seconds;
    if (body.require_signed_request_object !== undefined)
      settings.requireSignedRequestObject = body.require_signed_request_object;
    const changed = Object.keys(body).filter((key) => (body as Record<string, unknown>)[key] !== undefined);
    await this.db.transaction(async (tx) => {
      await this.serverRows.updateSettingsAndName(tx, server.entity.id, settings, body.name);
      await this.audit.record(
        [
          {
            type: 'server.settings_changed',
            outcome: 'success',
            at: this.clock.now(),
            tenant: server.entity.tenant,
            serverId: server.entity.serverId,
            clientId: caller.clientId,
            origin: auditOrigin(req),
            detail: { changed, actor_client_id: caller.clientId },
          },
        ],
        tx,
      );
    });
    await this.servers.changed(p.tenant, p.server);
    return toDto(await this.servers.resolve(p.tenant, p.server));
  }

  @Post('keys/rotate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a new signing key for an algorithm; the old one stays in the JWKS for a day' })
  @ApiOkResponse({ type: RotatedKeyDto })
  async rotate(
    @Param() p: AdminParams,
    @Body() body: RotateKeyDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RotatedKeyDto> {
    noStore(res);
    const { server, caller } = await this.authorizeCaller(p, req, '/keys/rotate');
    const kid = await this.keys.rotate(server.entity, body.alg, (rotated) => ({
      type: 'key.rotated',
      outcome: 'success',
      at: this.clock.now(),
      tenant: server.entity.tenant,
      serverId: server.entity.serverId,
      clientId: caller.clientId,
      origin: auditOrigin(req),
      detail: { alg: body.alg, kid: rotated, actor_client_id: caller.clientId },
    }));
    return { kid };
  }

  @Get('clients')
  @ApiOperation({ summary: "The server's clients" })
  @ApiOkResponse({ type: [ClientSummaryDto] })
  async listClients(
    @Param() p: AdminParams,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ClientSummaryDto[]> {
    noStore(res);
    const server = await this.authorize(p, req, '/clients');
    const rows = await this.clients.listForServer(server.entity.id);
    return rows.map((c) => ({
      client_id: c.clientId,
      client_name: c.metadata.client_name ?? c.clientId,
      system: c.system,
      token_endpoint_auth_method: c.metadata.token_endpoint_auth_method,
      scope: c.metadata.scope ?? '',
    }));
  }

  private async authorize(p: AdminParams, req: Request, path: string): Promise<ServerContext> {
    return (await this.authorizeCaller(p, req, path)).server;
  }

  private async authorizeCaller(p: AdminParams, req: Request, path: string) {
    const server = await this.servers.resolve(p.tenant, p.server);
    const caller = await this.verifier.verify(
      req,
      server,
      `/api/admin/${p.tenant}/servers/${p.server}${path}`,
      MANAGE_SERVERS_SCOPE,
      true,
    );
    return { server, caller };
  }
}

interface AdminParams {
  tenant: string;
  server: string;
}

function toDto(server: ServerContext): ServerDto {
  const s = server.entity.settings;
  return {
    tenant: server.entity.tenant,
    server_id: server.entity.serverId,
    name: server.entity.name,
    issuer: server.issuer,
    settings: {
      scopes: s.scopes,
      default_scopes: s.defaultScopes,
      system_scopes: s.systemScopes,
      authorization_details_types: [...server.authorizationDetailsTypes.keys()],
      require_signed_request_object: s.requireSignedRequestObject === true,
      consent_page_url: s.consentPageUrl ?? null,
      identity_pool: s.identityPool,
      access_token_ttl_seconds: s.accessTokenTtlSeconds,
      refresh_token_ttl_seconds: s.refreshTokenTtlSeconds,
      par_ttl_seconds: s.parTtlSeconds,
    },
  };
}
