import { Controller, Get, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import {
  ApiSecurity,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiBadRequestResponse,
} from '@nestjs/swagger';
import { OAuthError } from '@ofs/oauth';
import type { Request, Response } from 'express';
import { noStore } from '../common/oauth-request';
import { AccessTokenVerifier } from '../resource/access-token-verifier.service';
import { ServerRegistry } from '../servers/server-registry.service';
import { AUDIT_EVENT_TYPES, type AuditEventType } from './audit-event';
import { AuditEventPageDto, type AuditEventDto } from './audit-event.dto';
import type { AuditEventEntity } from './audit-event.entity';
import { AuditEventRepository, type AuditCursor, type AuditSearch } from './audit-event.repository';
import { AuditedOAuthErrorFilter } from './audited-oauth-error.filter';
import { OAuthErrorResponseDto, OAuthErrors } from '../common/api-errors';

export const READ_AUDIT_SCOPE = 'read_audit';
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;
const MAX_VALUE = 256;
const FILTERS = ['consent_id', 'client_id', 'subject'] as const;

/**
 * The audit trail through the system API: a client with the system scope `read_audit` reads a server's events; any
 * other client reads the events of its own client_id (a TPP developer finding out why PAR or the token endpoint
 * said no), with any sender-constrained access token of its own.
 */
@ApiTags('system')
@OAuthErrors(400, 401, 403, 404)
@ApiSecurity('dpop')
@ApiSecurity('certificate-bound')
@Controller('api/system/:tenant/servers/:server/audit-events')
@UseFilters(AuditedOAuthErrorFilter)
export class AuditEventsController {
  constructor(
    private readonly servers: ServerRegistry,
    private readonly verifier: AccessTokenVerifier,
    private readonly events: AuditEventRepository,
  ) {}

  @Get()
  @ApiOperation({
    summary: "A server's audit events, newest first (scope read_audit, or a client's own events)",
    description:
      'With `read_audit`, every event of the server; without it, only the events of the calling client ' +
      '(`client_id` may be omitted, or must be the caller’s). `consent_id` also finds the pushed request and login ' +
      'of the flows that led to the consent. Pages follow `next_cursor`.',
  })
  @ApiQuery({ name: 'consent_id', required: false })
  @ApiQuery({ name: 'client_id', required: false })
  @ApiQuery({ name: 'subject', required: false })
  @ApiQuery({
    name: 'type',
    required: false,
    description: `One or more event types, comma-separated: ${AUDIT_EVENT_TYPES.join(', ')}.`,
  })
  @ApiQuery({ name: 'since', required: false, description: 'ISO 8601 date-time; events at or after it.' })
  @ApiQuery({ name: 'until', required: false, description: 'ISO 8601 date-time; events before it.' })
  @ApiQuery({ name: 'limit', required: false, description: `1-${MAX_LIMIT}, default ${DEFAULT_LIMIT}.` })
  @ApiQuery({ name: 'cursor', required: false, description: 'next_cursor of the previous page.' })
  @ApiOkResponse({ type: AuditEventPageDto })
  @ApiBadRequestResponse({
    type: OAuthErrorResponseDto,
    description: 'invalid_request: an unknown or repeated parameter, a bad time, type or cursor.',
  })
  @ApiUnauthorizedResponse({ description: 'No valid sender-constrained access token of this server (invalid_token).' })
  @ApiForbiddenResponse({ description: 'insufficient_scope: another client’s events without read_audit.' })
  async list(
    @Param('tenant') tenant: string,
    @Param('server') serverId: string,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AuditEventPageDto> {
    noStore(res);
    const server = await this.servers.resolve(tenant, serverId);
    const caller = await this.verifier.verify(
      req,
      server,
      `/api/system/${tenant}/servers/${serverId}/audit-events`,
      null,
      true,
    );
    const search = parseQuery(query, server.entity.tenant, server.entity.serverId);
    if (!caller.scope.split(' ').includes(READ_AUDIT_SCOPE)) {
      // The TPP developer's case: its own events only.
      if (search.clientId !== undefined && search.clientId !== caller.clientId) {
        throw new OAuthError('insufficient_scope', `without ${READ_AUDIT_SCOPE} a client reads only its own events`, {
          headers: {
            'WWW-Authenticate': `${caller.jkt ? 'DPoP' : 'Bearer'} error="insufficient_scope", scope="${READ_AUDIT_SCOPE}"`,
          },
        });
      }
      search.clientId = caller.clientId;
    }
    const rows = await this.events.search({ ...search, limit: search.limit + 1 });
    const page = rows.slice(0, search.limit);
    const last = page[page.length - 1];
    const dto: AuditEventPageDto = { events: page.map(toDto) };
    if (rows.length > search.limit && last) dto.next_cursor = encodeCursor(last);
    return dto;
  }
}

/** The filters; an unknown or repeated parameter, a bad time, type, limit or cursor is `invalid_request`. */
function parseQuery(query: Record<string, unknown>, tenant: string, serverId: string): AuditSearch {
  const search: AuditSearch = { tenant, serverId, limit: DEFAULT_LIMIT };
  for (const [key, value] of Object.entries(query)) {
    if (typeof value !== 'string') throw new OAuthError('invalid_request', `${key} must be given once`);
    if (value.length > MAX_VALUE) throw new OAuthError('invalid_request', `${key} is too long`);
    if (key === 'consent_id') search.consentId = value;
    else if (key === 'client_id') search.clientId = value;
    else if (key === 'subject') search.subject = value;
    else if (key === 'type') search.types = parseTypes(value);
    else if (key === 'since') search.since = parseTime(key, value);
    else if (key === 'until') search.until = parseTime(key, value);
    else if (key === 'limit') {
      if (!/^\d{1,3}$/.test(value) || +value < 1 || +value > MAX_LIMIT)
        throw new OAuthError('invalid_request', `limit must be a whole number from 1 to ${MAX_LIMIT}`);
      search.limit = +value;
    } else if (key === 'cursor') search.after = decodeCursor(value);
    else
      throw new OAuthError(
        'invalid_request',
        `unknown parameter ${key} (filters: ${[...FILTERS, 'type', 'since', 'until'].join(', ')})`,
      );
  }
  return search;
}

function parseTypes(value: string): AuditEventType[] {
  const types = value.split(',').map((t) => t.trim());
  const unknown = types.filter((t) => !(AUDIT_EVENT_TYPES as readonly string[]).includes(t));
  if (unknown.length) throw new OAuthError('invalid_request', `unknown event type ${unknown.join(', ')}`);
  return types as AuditEventType[];
}

/** RFC 3339 date-time (with a zone). */
function parseTime(name: string, value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || isNaN(date.getTime()))
    throw new OAuthError(
      'invalid_request',
      `${name} must be an ISO 8601 date-time with a zone, e.g. 2026-01-31T12:00:00Z`,
    );
  return date;
}

function encodeCursor(event: AuditEventEntity): string {
  return Buffer.from(JSON.stringify([event.occurredAt.toISOString(), String(event.seq)])).toString('base64url');
}

function decodeCursor(cursor: string): AuditCursor {
  try {
    const [at, seq] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const occurredAt = new Date(String(at));
    if (typeof at === 'string' && !isNaN(occurredAt.getTime()) && typeof seq === 'string' && /^\d{1,19}$/.test(seq))
      return { occurredAt, seq };
  } catch {
    // falls through to the error below
  }
  throw new OAuthError('invalid_request', 'cursor is not one this API handed out');
}

function toDto(e: AuditEventEntity): AuditEventDto {
  return {
    id: e.id,
    time: e.occurredAt.toISOString(),
    tenant: e.tenant,
    server: e.serverId,
    type: e.type,
    outcome: e.outcome,
    client_id: e.clientId,
    subject: e.subject,
    consent_id: e.consentId,
    request_id: e.requestId,
    source_address: e.sourceAddress,
    detail: e.detail,
  };
}
