import { Body, Controller, Delete, Get, HttpCode, Param, Put, Req, Res, UseFilters } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiSecurity,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { OAuthError, schemaProblem, type AuthorizationDetailsSchema } from '@ofs/oauth';
import type { Request, Response } from 'express';
import { AuditedOAuthErrorFilter } from '../audit/audited-oauth-error.filter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { auditOrigin, type AuditEventInput } from '../audit/audit-event';
import { AuditEventRepository } from '../audit/audit-event.repository';
import { AuthorizationDetailsTypeRepository } from '../authorization-details/authorization-details-type.repository';
import { Clock } from '../common/clock';
import { noStore } from '../common/oauth-request';
import { AccessTokenVerifier } from '../resource/access-token-verifier.service';
import type { ServerContext } from '../servers/server-context';
import { ServerRegistry } from '../servers/server-registry.service';
import { AuthorizationDetailsTypeDto, PutAuthorizationDetailsTypeDto } from './authorization-details-types.dto';
import { MANAGE_SERVERS_SCOPE } from './server-admin.controller';
import { OAuthErrorResponseDto, OAuthErrors } from '../common/api-errors';

/** A type name as RFC 9396 §2 uses them (a short token or a URN-like name), usable as a path segment. */
const TYPE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
const MAX_SCHEMA_BYTES = 64 * 1024;

/** RFC 9396 types a server accepts (discovery's authorization_details_types_supported), for the sandbox operator. */
@ApiTags('admin')
@OAuthErrors(400, 401, 403, 404)
@ApiSecurity('dpop')
@ApiSecurity('certificate-bound')
@Controller('api/admin/:tenant/servers/:server/authorization-details-types')
@UseFilters(AuditedOAuthErrorFilter)
export class AuthorizationDetailsTypesController {
  constructor(
    private readonly servers: ServerRegistry,
    private readonly verifier: AccessTokenVerifier,
    private readonly types: AuthorizationDetailsTypeRepository,
    private readonly audit: AuditEventRepository,
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: "The server's authorization_details types with their JSON Schemas (scope manage_servers)" })
  @ApiOkResponse({ type: [AuthorizationDetailsTypeDto] })
  async list(
    @Param() p: AdminParams,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AuthorizationDetailsTypeDto[]> {
    noStore(res);
    const server = await this.authorize(p, req, '');
    return [...server.authorizationDetailsTypes.values()].map(({ type, schema }) => ({ type, schema }));
  }

  @Get(':type')
  @ApiOperation({ summary: "One type's JSON Schema (scope manage_servers)" })
  @ApiParam({ name: 'type', example: 'payment_initiation' })
  @ApiOkResponse({ type: AuthorizationDetailsTypeDto })
  @ApiNotFoundResponse({ description: 'No such type on this server.' })
  async get(
    @Param() p: AdminParams,
    @Param('type') type: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AuthorizationDetailsTypeDto> {
    noStore(res);
    const server = await this.authorize(p, req, `/${type}`);
    const found = server.authorizationDetailsTypes.get(type);
    if (!found) throw notFound(type);
    return { type, schema: found.schema };
  }

  @Put(':type')
  @ApiOperation({
    summary: 'Accept a type, or replace its JSON Schema (scope manage_servers)',
    description: 'Discovery lists the type at once; pushed requests are validated against the schema.',
  })
  @ApiParam({ name: 'type', example: 'payment_initiation' })
  @ApiOkResponse({ type: AuthorizationDetailsTypeDto })
  @ApiBadRequestResponse({
    type: OAuthErrorResponseDto,
    description: 'invalid_request: a bad type name, or a schema ajv cannot compile.',
  })
  async put(
    @Param() p: AdminParams,
    @Param('type') type: string,
    @Body() body: PutAuthorizationDetailsTypeDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AuthorizationDetailsTypeDto> {
    noStore(res);
    const { server, caller } = await this.authorizeCaller(p, req, `/${type}`);
    if (!TYPE_NAME.test(type)) {
      throw new OAuthError(
        'invalid_request',
        'type must be 1 to 100 letters, digits, or _ . : - (starting alphanumeric)',
      );
    }
    if (Buffer.byteLength(JSON.stringify(body.schema)) > MAX_SCHEMA_BYTES)
      throw new OAuthError('invalid_request', `schema is larger than ${MAX_SCHEMA_BYTES} bytes`);
    const problem = schemaProblem(body.schema);
    if (problem) throw new OAuthError('invalid_request', problem);
    await this.db.transaction(async (tx) => {
      await this.types.put(server.entity.id, type, body.schema as AuthorizationDetailsSchema, tx);
      await this.audit.record([typeChanged(server, req, caller.clientId, type, 'put', this.clock.now())], tx);
    });
    await this.servers.changed(p.tenant, p.server);
    return { type, schema: body.schema };
  }

  @Delete(':type')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Stop accepting a type (scope manage_servers)',
    description: 'Tokens already granted keep their authorization_details; new requests with the type are refused.',
  })
  @ApiParam({ name: 'type', example: 'payment_initiation' })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiNotFoundResponse({ description: 'No such type on this server.' })
  async remove(
    @Param() p: AdminParams,
    @Param('type') type: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    noStore(res);
    const { server, caller } = await this.authorizeCaller(p, req, `/${type}`);
    await this.db.transaction(async (tx) => {
      if (!(await this.types.delete(server.entity.id, type, tx))) throw notFound(type);
      await this.audit.record([typeChanged(server, req, caller.clientId, type, 'deleted', this.clock.now())], tx);
    });
    await this.servers.changed(p.tenant, p.server);
  }

  private async authorize(p: AdminParams, req: Request, path: string): Promise<ServerContext> {
    return (await this.authorizeCaller(p, req, path)).server;
  }

  private async authorizeCaller(p: AdminParams, req: Request, path: string) {
    const server = await this.servers.resolve(p.tenant, p.server);
    const caller = await this.verifier.verify(
      req,
      server,
      `/api/admin/${p.tenant}/servers/${p.server}/authorization-details-types${path}`,
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

function notFound(type: string): OAuthError {
  return new OAuthError('invalid_request', `no authorization_details type ${type} on this server`, { status: 404 });
}

function typeChanged(
  server: ServerContext,
  req: Request,
  actorClientId: string,
  type: string,
  change: 'put' | 'deleted',
  at: Date,
): AuditEventInput {
  return {
    type: 'authorization_details_type.changed',
    outcome: 'success',
    at,
    tenant: server.entity.tenant,
    serverId: server.entity.serverId,
    clientId: actorClientId,
    origin: auditOrigin(req),
    detail: { type, change, actor_client_id: actorClientId },
  };
}
