import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import {
  ApiSecurity,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { auditCallerOf, auditOrigin } from '../audit/audit-event';
import { IdentityPoolProblemFilter } from './identity-pool-problem.filter';
import {
  ChangeSchemaDto,
  CreatePoolDto,
  PoolDto,
  PoolListDto,
  RecordDto,
  RecordPageDto,
  RecordPatchDto,
  RecordWriteDto,
} from './identity-pool.dto';
import type { IdentityPoolEntity } from './identity-pool.entity';
import { IdentityPoolError } from './identity-pool.error';
import { etagOf, IdentityPoolService, type PoolActor } from './identity-pool.service';
import type { IdentityRecordEntity } from './identity-record.entity';
import { ProblemDto } from './problem.dto';
import { JsonBodyGuard } from './json-body.guard';
import { TenantSystemTokens } from './tenant-system-token';

export const MANAGE_IDENTITY_POOLS_SCOPE = 'manage_identity_pools';
const FILTER_PREFIX = 'attr.';
const MAX_FILTERS = 10;
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

const problem = (status: number, description: string) =>
  ApiResponse({
    status,
    description,
    content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
  });
const IF_MATCH = { name: 'If-Match', description: 'The ETag of the version read ("<version>"), or *.' };

/**
 * Identity pools of a tenant (issue 8): pools with a JSON Schema for their records, and the records. Callers hold
 * a sender-constrained access token of any server of the tenant with the system scope `manage_identity_pools`.
 * Errors are RFC 9457 problems; token errors are RFC 6750 / RFC 9449 challenges.
 */
@ApiTags('identity pools')
@ApiSecurity('dpop')
@ApiSecurity('certificate-bound')
@ApiExtraModels(ProblemDto)
@problem(400, 'Malformed request (body, query or cursor).')
@ApiResponse({ status: 401, description: 'No valid sender-constrained access token of a server of this tenant.' })
@ApiResponse({ status: 403, description: 'The token lacks manage_identity_pools (insufficient_scope).' })
@Controller('api/system/:tenant/pools')
@UseFilters(IdentityPoolProblemFilter)
export class IdentityPoolController {
  constructor(
    private readonly pools: IdentityPoolService,
    private readonly tokens: TenantSystemTokens,
  ) {}

  @Post()
  @UseGuards(JsonBodyGuard)
  @problem(415, 'The body is not application/json.')
  @ApiOperation({ summary: 'Create a pool with a JSON Schema (draft 2020-12) for its records’ attributes' })
  @ApiCreatedResponse({ type: PoolDto, headers: { ETag: { description: 'The schema version.' } } })
  @problem(409, 'The tenant already has a pool of that name.')
  @problem(
    422,
    'The schema is not a valid draft 2020-12 object schema, or consents_of_server is no server of the tenant.',
  )
  async createPool(
    @Param('tenant') tenant: string,
    @Body() body: CreatePoolDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PoolDto> {
    const actor = await this.authorize(req, res, tenant);
    const pool = await this.pools.createPool(
      tenant,
      {
        poolId: body.id,
        description: body.description,
        schema: body.schema,
        consentsOfServer: body.consents_of_server,
      },
      actor,
    );
    res.setHeader('ETag', etagOf(pool.schemaVersion));
    res.setHeader('Location', `/api/system/${encodeURIComponent(tenant)}/pools/${pool.poolId}`);
    return poolDto(pool);
  }

  @Get()
  @ApiOperation({ summary: 'List the tenant’s pools' })
  @ApiOkResponse({ type: PoolListDto })
  async listPools(
    @Param('tenant') tenant: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PoolListDto> {
    await this.authorize(req, res, tenant);
    return { pools: (await this.pools.listPools(tenant)).map(poolDto) };
  }

  @Get(':pool')
  @ApiOperation({ summary: 'Read a pool and its schema' })
  @ApiOkResponse({ type: PoolDto, headers: { ETag: { description: 'The schema version.' } } })
  @problem(404, 'No such pool in the tenant.')
  async getPool(
    @Param('tenant') tenant: string,
    @Param('pool') poolId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PoolDto> {
    await this.authorize(req, res, tenant);
    const pool = await this.pools.getPool(tenant, poolId);
    res.setHeader('ETag', etagOf(pool.schemaVersion));
    return poolDto(pool);
  }

  @Put(':pool/schema')
  @UseGuards(JsonBodyGuard)
  @problem(415, 'The body is not application/json.')
  @ApiOperation({
    summary: 'Change the pool’s schema',
    description:
      'Refused (409 schema-incompatible, with `count` and a `sample` of ids and errors) while a record would not validate.',
  })
  @ApiHeader({ ...IF_MATCH, required: false })
  @ApiOkResponse({ type: PoolDto, headers: { ETag: { description: 'The new schema version.' } } })
  @problem(404, 'No such pool in the tenant.')
  @problem(409, 'Existing records would no longer validate (count and sample).')
  @problem(412, 'If-Match names another schema version.')
  @problem(422, 'The schema is not a valid draft 2020-12 object schema.')
  async changeSchema(
    @Param('tenant') tenant: string,
    @Param('pool') poolId: string,
    @Body() body: ChangeSchemaDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PoolDto> {
    const actor = await this.authorize(req, res, tenant);
    const pool = await this.pools.changeSchema(tenant, poolId, body.schema, ifMatch, actor);
    res.setHeader('ETag', etagOf(pool.schemaVersion));
    return poolDto(pool);
  }

  @Post(':pool/records')
  @UseGuards(JsonBodyGuard)
  @problem(415, 'The body is not application/json.')
  @ApiOperation({ summary: 'Create a record' })
  @ApiCreatedResponse({ type: RecordDto, headers: { ETag: { description: 'The record version ("1").' } } })
  @problem(404, 'No such pool in the tenant.')
  @problem(409, 'The username is taken in the pool.')
  @problem(422, 'The attributes do not validate against the pool schema (errors).')
  async createRecord(
    @Param('tenant') tenant: string,
    @Param('pool') poolId: string,
    @Body() body: RecordWriteDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RecordDto> {
    const actor = await this.authorize(req, res, tenant);
    const record = await this.pools.createRecord(tenant, poolId, body, actor);
    res.setHeader('Location', `/api/system/${encodeURIComponent(tenant)}/pools/${poolId}/records/${record.id}`);
    return this.withEtag(res, poolId, record);
  }

  @Get(':pool/records')
  @ApiOperation({
    summary: 'Search records by attribute, newest first',
    description:
      'Each `attr.<name>=<value>` filter (up to 10, all must hold) matches a top-level attribute equal to the value ' +
      '(compared as text) or an array attribute holding it, e.g. `attr.subject=user&attr.status=authorized` or ' +
      '`attr.account_ids=2000002`. Pages follow `next_cursor`.',
  })
  @ApiQuery({ name: 'attr.subject', required: false, description: 'An example attribute filter: attr.<name>=<value>.' })
  @ApiQuery({ name: 'limit', required: false, description: `1-${MAX_LIMIT}, default ${DEFAULT_LIMIT}.` })
  @ApiQuery({ name: 'cursor', required: false, description: 'next_cursor of the previous page.' })
  @ApiOkResponse({ type: RecordPageDto })
  @problem(404, 'No such pool in the tenant.')
  async searchRecords(
    @Param('tenant') tenant: string,
    @Param('pool') poolId: string,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RecordPageDto> {
    await this.authorize(req, res, tenant);
    const { filters, cursor, limit } = parseSearch(query);
    const page = await this.pools.searchRecords(tenant, poolId, filters, cursor, limit);
    const dto: RecordPageDto = { records: page.records.map((r) => recordDto(poolId, r)) };
    if (page.nextCursor) dto.next_cursor = page.nextCursor;
    return dto;
  }

  @Get(':pool/records/:id')
  @ApiOperation({ summary: 'Read a record' })
  @ApiOkResponse({ type: RecordDto, headers: { ETag: { description: 'The record version.' } } })
  @problem(404, 'No such pool or record.')
  async getRecord(
    @Param('tenant') tenant: string,
    @Param('pool') poolId: string,
    @Param('id') id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RecordDto> {
    await this.authorize(req, res, tenant);
    return this.withEtag(res, poolId, await this.pools.getRecord(tenant, poolId, id));
  }

  @Put(':pool/records/:id')
  @UseGuards(JsonBodyGuard)
  @problem(415, 'The body is not application/json.')
  @ApiOperation({
    summary: 'Replace a record’s attributes (If-Match required)',
    description: 'In a consent pool, status "revoked" revokes the consent’s tokens and codes in the same transaction.',
  })
  @ApiHeader({ ...IF_MATCH, required: true })
  @ApiOkResponse({ type: RecordDto, headers: { ETag: { description: 'The new record version.' } } })
  @problem(404, 'No such pool or record.')
  @problem(409, 'The username is taken, or a revoked consent would be re-authorized.')
  @problem(412, 'The record changed since it was read (lost update).')
  @problem(422, 'The attributes do not validate against the pool schema (errors).')
  @problem(428, 'If-Match is missing.')
  async replaceRecord(
    @Param('tenant') tenant: string,
    @Param('pool') poolId: string,
    @Param('id') id: string,
    @Body() body: RecordWriteDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RecordDto> {
    const actor = await this.authorize(req, res, tenant);
    const record = await this.pools.updateRecord(
      tenant,
      poolId,
      id,
      ifMatch,
      { replace: body.attributes, password: body.password },
      actor,
    );
    return this.withEtag(res, poolId, record);
  }

  @Patch(':pool/records/:id')
  @UseGuards(JsonBodyGuard)
  @problem(415, 'The body is not application/json.')
  @ApiOperation({
    summary: 'Merge a JSON merge patch (RFC 7396) into a record’s attributes (If-Match required)',
    description: 'In a consent pool, status "revoked" revokes the consent’s tokens and codes in the same transaction.',
  })
  @ApiHeader({ ...IF_MATCH, required: true })
  @ApiOkResponse({ type: RecordDto, headers: { ETag: { description: 'The new record version.' } } })
  @problem(404, 'No such pool or record.')
  @problem(409, 'The username is taken, or a revoked consent would be re-authorized.')
  @problem(412, 'The record changed since it was read (lost update).')
  @problem(422, 'The patched attributes do not validate against the pool schema (errors).')
  @problem(428, 'If-Match is missing.')
  async patchRecord(
    @Param('tenant') tenant: string,
    @Param('pool') poolId: string,
    @Param('id') id: string,
    @Body() body: RecordPatchDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RecordDto> {
    const actor = await this.authorize(req, res, tenant);
    const record = await this.pools.updateRecord(
      tenant,
      poolId,
      id,
      ifMatch,
      { mergePatch: body.attributes ?? {}, password: body.password },
      actor,
    );
    return this.withEtag(res, poolId, record);
  }

  @Delete(':pool/records/:id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a record (If-Match checked when sent)',
    description: 'In a consent pool, the consent’s tokens and codes are revoked with it.',
  })
  @ApiHeader({ ...IF_MATCH, required: false })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @problem(404, 'No such pool or record.')
  @problem(412, 'If-Match names another version.')
  async deleteRecord(
    @Param('tenant') tenant: string,
    @Param('pool') poolId: string,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    const actor = await this.authorize(req, res, tenant);
    await this.pools.deleteRecord(tenant, poolId, id, ifMatch, actor);
  }

  /** The caller, once its token is checked: the audit trail records its changes under it. */
  private async authorize(req: Request, res: Response, tenant: string): Promise<PoolActor> {
    res.setHeader('Cache-Control', 'no-store');
    const token = await this.tokens.verify(req, tenant, MANAGE_IDENTITY_POOLS_SCOPE);
    return { clientId: token.clientId, serverId: auditCallerOf(req).serverId ?? null, origin: auditOrigin(req) };
  }

  private withEtag(res: Response, poolId: string, record: IdentityRecordEntity): RecordDto {
    res.setHeader('ETag', etagOf(record.version));
    return recordDto(poolId, record);
  }
}

function poolDto(pool: IdentityPoolEntity): PoolDto {
  const dto: PoolDto = {
    id: pool.poolId,
    tenant: pool.tenant,
    description: pool.description,
    schema: pool.schema,
    schema_version: pool.schemaVersion,
    created_at: pool.createdAt.toISOString(),
    updated_at: pool.updatedAt.toISOString(),
  };
  if (pool.consentsOfServer) dto.consents_of_server = pool.consentsOfServer;
  return dto;
}

function recordDto(poolId: string, record: IdentityRecordEntity): RecordDto {
  return {
    id: record.id,
    pool_id: poolId,
    version: record.version,
    attributes: record.attributes,
    has_password: record.passwordHash !== null,
    created_at: record.createdAt.toISOString(),
    updated_at: record.updatedAt.toISOString(),
  };
}

/** `attr.<name>=<value>` filters, `limit`, `cursor`; anything else, or any of them twice, is a 400. */
function parseSearch(query: Record<string, unknown>): {
  filters: Array<[string, string]>;
  cursor: string | undefined;
  limit: number;
} {
  const filters: Array<[string, string]> = [];
  let cursor: string | undefined;
  let limit = DEFAULT_LIMIT;
  for (const [key, value] of Object.entries(query)) {
    if (typeof value !== 'string') throw new IdentityPoolError('bad_request', `${key} must be given once, as text`);
    if (key === 'cursor') cursor = value;
    else if (key === 'limit') {
      if (!/^\d{1,3}$/.test(value) || +value < 1 || +value > MAX_LIMIT)
        throw new IdentityPoolError('bad_request', `limit must be a whole number from 1 to ${MAX_LIMIT}`);
      limit = +value;
    } else if (key.startsWith(FILTER_PREFIX) && key.length > FILTER_PREFIX.length && value.length <= 1000) {
      filters.push([key.slice(FILTER_PREFIX.length), value]);
    } else {
      throw new IdentityPoolError('bad_request', `unknown query parameter ${key} (filters are attr.<name>=<value>)`);
    }
  }
  if (filters.length > MAX_FILTERS) throw new IdentityPoolError('bad_request', `at most ${MAX_FILTERS} filters`);
  return { filters, cursor, limit };
}
