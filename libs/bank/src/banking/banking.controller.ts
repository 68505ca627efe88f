import { Controller, Get, Inject, Param, Query, Req, UseFilters } from '@nestjs/common';
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
import type { Request } from 'express';
import { ACCESS_RESOLVER, type AccessResolver } from './access-resolver';
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

export const BANK_PUBLIC_URL = Symbol('BANK_PUBLIC_URL');

const PAGE_QUERIES = [
  ApiQuery({ name: 'page', required: false, type: Number, description: 'Page of results (from 1)' }),
  ApiQuery({ name: 'page-size', required: false, type: Number, description: 'Default 25, at most 1000' }),
];
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
  @ApiOkResponse({ type: ResponseBankingAccountListDto })
  @ApiUnprocessableEntityResponse({ type: ResponseErrorListDto, description: 'A page past the last.' })
  @ApiQuery({ name: 'product-category', required: false })
  @ApiQuery({ name: 'open-status', required: false, enum: ['OPEN', 'CLOSED', 'ALL'] })
  @ApiQuery({ name: 'is-owned', required: false, type: Boolean })
  @pageQueries()
  async accounts(@Req() req: Request, @Query() query: Record<string, unknown>) {
    return this.banking.accounts(await this.access.resolve(req), query, this.self(req));
  }

  @Get('balances')
  @ApiOperation({ summary: 'Get Bulk Balances: the balances of the consented accounts' })
  @ApiOkResponse({ type: ResponseBankingAccountsBalanceListDto })
  @pageQueries()
  async balances(@Req() req: Request, @Query() query: Record<string, unknown>) {
    return this.banking.balances(await this.access.resolve(req), query, this.self(req));
  }

  @Get(':accountId')
  @ApiOperation({ summary: 'Get Account Detail' })
  @ApiParam({ name: 'accountId', example: '96534987' })
  @ApiOkResponse({ type: ResponseBankingAccountByIdDto })
  @ApiNotFoundResponse({ type: ResponseErrorListDto, description: 'Not an account of this consent.' })
  async account(@Req() req: Request, @Param('accountId') accountId: string) {
    return this.banking.account(await this.access.resolve(req), accountId, this.self(req));
  }

  @Get(':accountId/balance')
  @ApiOperation({ summary: 'Get Account Balance' })
  @ApiParam({ name: 'accountId', example: '96534987' })
  @ApiOkResponse({ type: ResponseBankingAccountsBalanceByIdDto })
  @ApiNotFoundResponse({ type: ResponseErrorListDto, description: 'Not an account of this consent.' })
  async balance(@Req() req: Request, @Param('accountId') accountId: string) {
    return this.banking.balance(await this.access.resolve(req), accountId, this.self(req));
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
  @ApiOkResponse({ type: ResponseBankingTransactionListDto })
  @ApiNotFoundResponse({ type: ResponseErrorListDto, description: 'Not an account of this consent.' })
  async transactions(
    @Req() req: Request,
    @Param('accountId') accountId: string,
    @Query() query: Record<string, unknown>,
  ) {
    return this.banking.transactions(await this.access.resolve(req), accountId, query, this.self(req));
  }

  /** The request's URL as the TPP sees it (the bank's public URL), for CDR links. */
  private self(req: Request): URL {
    return new URL(req.originalUrl, this.publicUrl);
  }
}
