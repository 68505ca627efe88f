import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseFilters } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  ConsentDto,
  ConsentPageDto,
  CreateConsentRequestDto,
  ListConsentsQueryDto,
  RevokeClientConsentsRequestDto,
  RevokeClientConsentsResponseDto,
  RevokeConsentRequestDto,
} from '@ofs/consent-store';
import { Caller, RequireScopes, type AuthenticatedCaller } from '@ofs/resource-server';
import type { Response } from 'express';
import { GOBANK } from '../config/consent-admin.config';
import { ConsentErrorFilter } from './consent.error';
import { ConsentsService } from './consents.service';

/** The system scope Go Bank's client holds for this API. */
export const MANAGE_CONSENTS_SCOPE = 'manage_consents';

/**
 * Go Bank's external consent storage. Callers are Go Bank's own client with a sender-constrained token of the
 * gobank server holding `manage_consents`; every consent here is a Go Bank one.
 */
@ApiTags('consents')
@Controller('api/consents')
@RequireScopes(MANAGE_CONSENTS_SCOPE)
@UseFilters(ConsentErrorFilter)
export class ConsentsController {
  private readonly bank = GOBANK.server;

  constructor(private readonly consents: ConsentsService) {}

  @Post()
  @ApiOperation({ summary: 'Record a consent (authorized, or rejected by the customer)' })
  @ApiCreatedResponse({ type: ConsentDto })
  @ApiBadRequestResponse({ description: 'The body is not a valid consent.' })
  async create(@Body() body: CreateConsentRequestDto, @Res({ passthrough: true }) res: Response): Promise<ConsentDto> {
    const consent = await this.consents.create(this.bank, body);
    res.setHeader('Location', `/api/consents/${consent.id}`);
    noStore(res);
    return consent;
  }

  @Get()
  @ApiOperation({ summary: 'Search consents, newest first, one page at a time (keyset cursor)' })
  @ApiOkResponse({ type: ConsentPageDto })
  @ApiBadRequestResponse({ description: 'A filter, limit or cursor is not valid.' })
  list(@Query() query: ListConsentsQueryDto, @Res({ passthrough: true }) res: Response): Promise<ConsentPageDto> {
    noStore(res);
    return this.consents.list(this.bank, query);
  }

  @Post('revoke')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Revoke every authorized consent of one TPP',
    description: "Each consent's tokens are revoked at the authorization server by the outbox, one row per consent.",
  })
  @ApiOkResponse({ type: RevokeClientConsentsResponseDto })
  revokeAllOfClient(
    @Body() body: RevokeClientConsentsRequestDto,
    @Caller() caller: AuthenticatedCaller,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RevokeClientConsentsResponseDto> {
    noStore(res);
    return this.consents.revokeAllOfClient(this.bank, body.client_id, body.revoked_by ?? caller.clientId);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a consent' })
  @ApiOkResponse({ type: ConsentDto })
  @ApiNotFoundResponse({ description: 'No such consent.' })
  get(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<ConsentDto> {
    noStore(res);
    return this.consents.get(this.bank, id);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Revoke a consent',
    description:
      'Marks it revoked and queues the revocation of its tokens at the authorization server in the same ' +
      'transaction; one delivery is tried at once, then the outbox retries with backoff. `token_revocation` ' +
      'says whether it is still pending.',
  })
  @ApiOkResponse({ type: ConsentDto })
  @ApiNotFoundResponse({ description: 'No such consent.' })
  @ApiConflictResponse({ description: 'Already revoked, or rejected (nothing to revoke).' })
  revoke(
    @Param('id') id: string,
    @Body() body: RevokeConsentRequestDto,
    @Caller() caller: AuthenticatedCaller,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ConsentDto> {
    noStore(res);
    return this.consents.revoke(this.bank, id, body.revoked_by ?? caller.clientId);
  }
}

function noStore(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
}
