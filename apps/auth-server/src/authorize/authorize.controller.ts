import { Controller, Get, Param, Query, Res, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Clock } from '../common/clock';
import { BrowserFlowError } from '../interaction/browser-flow.error';
import { BrowserFlowFilter } from '../interaction/browser-flow.filter';
import { setInteractionCookie } from '../interaction/browser-cookie';
import { INTERACTION_TTL_SECONDS, InteractionService } from '../interaction/interaction.service';
import { ServerRegistry } from '../servers/server-registry.service';

/**
 * RFC 6749 §3.1 with RFC 9126 §4: only pushed requests (FAPI2-SP 5.3.2.2-3). Only client_id and request_uri
 * are read; anything else in the query is ignored, so the pushed values always win (AUTHZ-04, AUTHZ-05).
 */
@ApiTags('authorization')
@Controller(':tenant/:server/oauth2/authorize')
@UseFilters(BrowserFlowFilter)
export class AuthorizeController {
  constructor(
    private readonly servers: ServerRegistry,
    private readonly interactions: InteractionService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Authorization endpoint: starts login for a pushed request' })
  @ApiQuery({ name: 'client_id', required: true })
  @ApiQuery({ name: 'request_uri', required: true })
  @ApiResponse({ status: 303, description: 'To the login page.' })
  @ApiResponse({ status: 400, description: 'Error page (never a redirect to an unverified redirect URI).' })
  async authorize(
    @Param('tenant') tenant: string,
    @Param('server') serverId: string,
    @Query() query: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const server = await this.servers.resolve(tenant, serverId);
    const clientId = single(query.client_id, 'client_id');
    const requestUri = single(query.request_uri, 'request_uri');
    const { interaction, browserSecret } = await this.interactions.start(
      server,
      clientId,
      requestUri,
      this.clock.now(),
    );
    const base = `/${server.entity.tenant}/${server.entity.serverId}/`;
    setInteractionCookie(res, base, interaction.id, browserSecret, INTERACTION_TTL_SECONDS);
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, `${base}login/${interaction.id}`);
  }
}

function single(value: unknown, name: string): string {
  if (value === undefined || value === '') {
    throw new BrowserFlowError(
      name === 'request_uri'
        ? 'This server only accepts pushed authorization requests: request_uri is missing'
        : `Missing parameter ${name}`,
    );
  }
  if (typeof value !== 'string') throw new BrowserFlowError(`Parameter ${name} is included more than once`);
  return value;
}
