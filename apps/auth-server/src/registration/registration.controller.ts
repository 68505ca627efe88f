import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Put,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { ClientInformationResponse } from '@ofs/dcr';

import type { Request, Response } from 'express';
import { AuditedOAuthErrorFilter } from '../audit/audited-oauth-error.filter';
import { auditOrigin } from '../audit/audit-event';
import { Clock } from '../common/clock';
import { noStore, requireJson } from '../common/oauth-request';
import { ServerRegistry } from '../servers/server-registry.service';
import { RegistrationService } from './registration.service';
import { OAuthErrorResponseDto, OAuthErrors } from '../common/api-errors';

const METADATA_EXAMPLE = {
  client_name: 'Financroo TPP',
  redirect_uris: ['https://localhost:8091/api/callback'],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  token_endpoint_auth_method: 'private_key_jwt',
  jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: '…', y: '…', use: 'sig', kid: 'k1' }] },
  scope: 'openid email accounts offline_access',
};

/** RFC 7591 open dynamic client registration, RFC 7592 client configuration. */
@ApiTags('registration')
@OAuthErrors(400, 401, 404)
@Controller(':tenant/:server/oauth2/register')
@UseFilters(AuditedOAuthErrorFilter)
export class RegistrationController {
  constructor(
    private readonly servers: ServerRegistry,
    private readonly registrations: RegistrationService,
    private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a client (RFC 7591)' })
  @ApiBody({ schema: { type: 'object', example: METADATA_EXAMPLE } })
  @ApiCreatedResponse({ description: 'Client information with registration_access_token and registration_client_uri.' })
  async register(
    @Param('tenant') tenant: string,
    @Param('server') serverId: string,
    @Req() req: Request,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ClientInformationResponse> {
    noStore(res);
    const server = await this.servers.resolve(tenant, serverId);
    requireJson(req);
    const registered = await this.registrations.register(server, body, this.clock.now(), auditOrigin(req));
    res.setHeader('Location', registered.registration_client_uri!);
    return registered;
  }

  @Get(':clientId')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Read a registration (RFC 7592 §2.1)' })
  @ApiOkResponse({ description: 'Client information.' })
  @ApiUnauthorizedResponse({ type: OAuthErrorResponseDto, description: 'Invalid registration access token.' })
  async read(
    @Param('tenant') tenant: string,
    @Param('server') serverId: string,
    @Param('clientId') clientId: string,
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ClientInformationResponse> {
    noStore(res);
    const server = await this.servers.resolve(tenant, serverId);
    const { client, token } = await this.registrations.authorize(server, clientId, authorization);
    return this.registrations.information(server, client, token);
  }

  @Put(':clientId')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Replace a registration (RFC 7592 §2.2)' })
  @ApiBody({ schema: { type: 'object', example: { client_id: '…', ...METADATA_EXAMPLE } } })
  @ApiOkResponse({ description: 'The updated client information.' })
  async update(
    @Param('tenant') tenant: string,
    @Param('server') serverId: string,
    @Param('clientId') clientId: string,
    @Headers('authorization') authorization: string | undefined,
    @Req() req: Request,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ClientInformationResponse> {
    noStore(res);
    const server = await this.servers.resolve(tenant, serverId);
    const { client, token } = await this.registrations.authorize(server, clientId, authorization);
    requireJson(req);
    return this.registrations.update(server, client, body, token, this.clock.now(), auditOrigin(req));
  }

  @Delete(':clientId')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Delete a registration (RFC 7592 §2.3)' })
  @ApiNoContentResponse({ description: 'Deleted, with its tokens.' })
  async delete(
    @Param('tenant') tenant: string,
    @Param('server') serverId: string,
    @Param('clientId') clientId: string,
    @Headers('authorization') authorization: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    noStore(res);
    const server = await this.servers.resolve(tenant, serverId);
    const { client } = await this.registrations.authorize(server, clientId, authorization);
    await this.registrations.delete(server, client, this.clock.now(), auditOrigin(req));
  }
}
