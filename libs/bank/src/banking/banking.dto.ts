import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PRODUCT_CATEGORIES, TRANSACTION_TYPES } from '@ofs/cdr';

// Swagger's picture of the CDR banking shapes (the types themselves are in @ofs/cdr).

export class BankingAccountDto {
  @ApiProperty({ example: '96534987' }) accountId: string;
  @ApiProperty({ example: '2015-01-01' }) creationDate: string;
  @ApiProperty({ example: 'Checkings Account' }) displayName: string;
  @ApiProperty({ example: 'Checkings Account' }) nickname: string;
  @ApiProperty({ enum: ['OPEN', 'CLOSED'] }) openStatus: string;
  @ApiProperty() isOwned: boolean;
  @ApiProperty({ example: '************987' }) maskedNumber: string;
  @ApiProperty({ enum: PRODUCT_CATEGORIES }) productCategory: string;
  @ApiProperty({ example: 'Everyday account' }) productName: string;
}

export class BankingBalanceDto {
  @ApiProperty({ example: '96534987' }) accountId: string;
  @ApiProperty({ example: '1174.23', description: 'AmountString' }) currentBalance: string;
  @ApiProperty({ example: '1174.23' }) availableBalance: string;
  @ApiProperty({ example: 'AUD' }) currency: string;
}

export class BankingTransactionDto {
  @ApiProperty() accountId: string;
  @ApiProperty() transactionId: string;
  @ApiProperty() isDetailAvailable: boolean;
  @ApiProperty({ enum: TRANSACTION_TYPES }) type: string;
  @ApiProperty({ enum: ['PENDING', 'POSTED'] }) status: string;
  @ApiProperty({ example: 'groceries' }) description: string;
  @ApiPropertyOptional({ example: '2026-11-28T10:15:00.000Z' }) postingDateTime?: string;
  @ApiPropertyOptional() executionDateTime?: string;
  @ApiProperty({ example: '-111.20', description: 'AmountString; negative when money leaves the account' })
  amount: string;
  @ApiProperty({ example: 'AUD' }) currency: string;
  @ApiProperty({ example: 'EFTPOS' }) reference: string;
  @ApiPropertyOptional({ example: 'Supermarket A' }) merchantName?: string;
  @ApiPropertyOptional({ example: '5411' }) merchantCategoryCode?: string;
}

export class LinksPaginatedDto {
  @ApiProperty() self: string;
  @ApiPropertyOptional() first?: string;
  @ApiPropertyOptional() prev?: string;
  @ApiPropertyOptional() next?: string;
  @ApiPropertyOptional() last?: string;
}

export class MetaPaginatedDto {
  @ApiProperty() totalRecords: number;
  @ApiProperty() totalPages: number;
}

export class LinksDto {
  @ApiProperty() self: string;
}

class AccountListDataDto {
  @ApiProperty({ type: [BankingAccountDto] }) accounts: BankingAccountDto[];
}
class BalanceListDataDto {
  @ApiProperty({ type: [BankingBalanceDto] }) balances: BankingBalanceDto[];
}
class TransactionListDataDto {
  @ApiProperty({ type: [BankingTransactionDto] }) transactions: BankingTransactionDto[];
}

export class ResponseBankingAccountListDto {
  @ApiProperty() data: AccountListDataDto;
  @ApiProperty() links: LinksPaginatedDto;
  @ApiProperty() meta: MetaPaginatedDto;
}

export class ResponseBankingAccountByIdDto {
  @ApiProperty() data: BankingAccountDto;
  @ApiProperty() links: LinksDto;
  @ApiProperty({ type: 'object', properties: {} }) meta: Record<string, never>;
}

export class ResponseBankingAccountsBalanceListDto {
  @ApiProperty() data: BalanceListDataDto;
  @ApiProperty() links: LinksPaginatedDto;
  @ApiProperty() meta: MetaPaginatedDto;
}

export class ResponseBankingAccountsBalanceByIdDto {
  @ApiProperty() data: BankingBalanceDto;
  @ApiProperty() links: LinksDto;
  @ApiProperty({ type: 'object', properties: {} }) meta: Record<string, never>;
}

export class ResponseBankingTransactionListDto {
  @ApiProperty() data: TransactionListDataDto;
  @ApiProperty() links: LinksPaginatedDto;
  @ApiProperty() meta: MetaPaginatedDto;
}

class CdrErrorEntryDto {
  @ApiProperty({ example: 'urn:au-cds:error:cds-all:Field/Invalid' }) code: string;
  @ApiProperty({ example: 'Invalid Field' }) title: string;
  @ApiProperty({ example: 'page must be a positive integer' }) detail: string;
}

export class ResponseErrorListDto {
  @ApiProperty({ type: [CdrErrorEntryDto] }) errors: CdrErrorEntryDto[];
}
