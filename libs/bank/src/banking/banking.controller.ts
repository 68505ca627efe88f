import { Controller, Get, Inject, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiBadRequestResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ACCESS_RESOLVER, type AccessResolver } from './access-resolver';
import type { ConsentedAccess } from './consented-access';
import {
  ResponseBankingAccountByIdDto,
  ResponseBankingAccountListDto,
  ResponseBankingAccountsBalanceByIdDto,
  ResponseBankingAccountsBalanceListDto,
  ResponseBankingTransactionListDto,
  ResponseErrorListDto,
} from './banking.dto';
import { BankingService } from './banking.service';
import { CdrErrorFilter } from './cdr-error.filter';
import { ServerTiming } from './server-timing';

export const BANK_PUBLIC_URL = Symbol('BANK_PUBLIC_URL');

const PAGE_QUERIES = [
  ApiQuery({ name: 'page', required: false, type: Number, description: 'Page of results (from 1)' }),
  ApiQuery({ name: 'page-size', required: false, type: Number, description: 'Default 25, at most 1000' }),
];
/** Every answer (errors too) says where its time went (W3C Server Timing). */
const SERVER_TIMING = {
  'Server-Timing': {
    description:
      'Where the request spent its time, in ms: `introspection` (the token at the authorization server), `proof` ' +
      '(the DPoP proof or client certificate, with its replay record), `consent` (the consent store), `query` ' +
      "(the bank's data), e.g. `introspection;dur=2.1, proof;dur=0.6, consent;dur=1.8, query;dur=0.7`.",
    schema: { type: 'string' },
  },
};

const pageQueries = (): MethodDecorator => (target, key, descriptor) => {
  for (const d of PAGE_QUERIES) d(target, key, descriptor);
};

/** CDR Banking APIs (Get Accounts, Balances, Transactions): exactly what the customer consented to. */
@ApiTags('banking')
@ApiSecurity('dpop')
@ApiSecurity('certificate-bound')
@ApiUnauthorizedResponse({
  type: ResponseErrorListDto,
  description:
    'Missing, invalid, expired or revoked token, or a wrong proof of possession (WWW-Authenticate tells which).',
})
@ApiForbiddenResponse({
  type: ResponseErrorListDto,
  description: 'No `accounts` scope, or the consent does not allow this read (insufficient_scope).',
})
@ApiBadRequestResponse({ type: ResponseErrorListDto, description: 'A malformed query parameter.' })
@Controller('banking/accounts')
@UseFilters(CdrErrorFilter)
export class BankingController {
  constructor(
    private readonly banking: BankingService,
    @Inject(ACCESS_RESOLVER) private readonly access: AccessResolver,
    @Inject(BANK_PUBLIC_URL) private readonly publicUrl: string,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Get Accounts: the consented accounts' })
  @ApiOkResponse({ type: ResponseBankingAccountListDto, headers: SERVER_TIMING })
  @ApiUnprocessableEntityResponse({ type: ResponseErrorListDto, description: 'A page past the last.' })
  @ApiQuery({ name: 'product-category', required: false })
  @ApiQuery({ name: 'open-status', required: false, enum: ['OPEN', 'CLOSED', 'ALL'] })
  @ApiQuery({ name: 'is-owned', required: false, type: Boolean })
  @pageQueries()
  accounts(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Query() query: Record<string, unknown>) {
    return this.read(req, res, (access) => this.banking.accounts(access, query, this.self(req)));
  }

  @Get('balances')
  @ApiOperation({ summary: 'Get Bulk Balances: the balances of the consented accounts' })
  @ApiOkResponse({ type: ResponseBankingAccountsBalanceListDto, headers: SERVER_TIMING })
  @pageQueries()
  balances(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Query() query: Record<string, unknown>) {
    return this.read(req, res, (access) => this.banking.balances(access, query, this.self(req)));
  }

  @Get(':accountId')
  @ApiOperation({ summary: 'Get Account Detail' })
  @ApiParam({ name: 'accountId', example: '96534987' })
  @ApiOkResponse({ type: ResponseBankingAccountByIdDto, headers: SERVER_TIMING })
  @ApiNotFoundResponse({ type: ResponseErrorListDto, description: 'Not an account of this consent.' })
  account(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Param('accountId') accountId: string) {
    return this.read(req, res, (access) => this.banking.account(access, accountId, this.self(req)));
  }

  @Get(':accountId/balance')
  @ApiOperation({ summary: 'Get Account Balance' })
  @ApiParam({ name: 'accountId', example: '96534987' })
  @ApiOkResponse({ type: ResponseBankingAccountsBalanceByIdDto, headers: SERVER_TIMING })
  @ApiNotFoundResponse({ type: ResponseErrorListDto, description: 'Not an account of this consent.' })
  balance(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Param('accountId') accountId: string) {
    return this.read(req, res, (access) => this.banking.balance(access, accountId, this.self(req)));
  }

  @Get(':accountId/transactions')
  @ApiOperation({ summary: 'Get Transactions For Account (newest first; by default the last 90 days)' })
  @ApiParam({ name: 'accountId', example: '96534987' })
  @ApiQuery({ name: 'oldest-time', required: false, description: 'RFC 3339; default newest-time minus 90 days' })
  @ApiQuery({ name: 'newest-time', required: false, description: 'RFC 3339; default now' })
  @ApiQuery({ name: 'min-amount', required: false, description: 'AmountString, signed' })
  @ApiQuery({ name: 'max-amount', required: false, description: 'AmountString, signed' })
  @ApiQuery({ name: 'text', required: false, description: 'Found in the description or reference (case-insensitive)' })
  @pageQueries()
  @ApiOkResponse({ type: ResponseBankingTransactionListDto, headers: SERVER_TIMING })
  @ApiNotFoundResponse({ type: ResponseErrorListDto, description: 'Not an account of this consent.' })
  transactions(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Param('accountId') accountId: string,
    @Query() query: Record<string, unknown>,
  ) {
    return this.read(req, res, (access) => this.banking.transactions(access, accountId, query, this.self(req)));
  }

  /** The access the token and its consent give, then the read itself, each timed in Server-Timing. */
  private async read<T>(req: Request, res: Response, query: (access: ConsentedAccess) => Promise<T>): Promise<T> {
    const timing = new ServerTiming();
    try {
      const access = await this.access.resolve(req, timing);
      return await timing.time('query', () => query(access));
    } finally {
      const value = timing.header();
      if (value !== undefined && !res.headersSent) res.setHeader('Server-Timing', value);
    }
  }

  /** The request's URL as the TPP sees it (the bank's public URL), for CDR links. */
  private self(req: Request): URL {
    return new URL(req.originalUrl, this.publicUrl);
  }
}
