import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
} from 'class-validator';

export const CONSENT_STATUSES = ['authorized', 'rejected', 'revoked'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/** RFC 6749 §3.3 scope-token. */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
/** Account ids as the banks number them (letters, digits, `-`, `_`, `.`). */
const ACCOUNT_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Printable ASCII without spaces (what the authorization server accepts as a consent_id or client_id). */
const PRINTABLE = /^[\x21-\x7e]+$/;

/**
 * An ISO 8601 date or date-time that is also a date JavaScript and PostgreSQL read: ISO 8601 admits forms such as
 * week dates (`2026-W01`), basic format (`20260101`) and decimal commas, which `new Date` cannot read.
 */
function IsReadableDateTime(name: string): PropertyDecorator {
  return (target, propertyName) => {
    IsISO8601({ strict: true }, { message: `${name} must be an ISO 8601 date-time` })(target, propertyName);
    registerDecorator({
      name: 'isReadableDateTime',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${name} must be a date-time such as 2026-01-31T12:00:00Z` },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value)),
      },
    });
  };
}

/** RFC 9396 §2: an array of JSON objects, each with a string `type`. */
function IsAuthorizationDetails(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isAuthorizationDetails',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'authorization_details must be an array of objects, each with a string type (RFC 9396)' },
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) &&
          value.length <= 20 &&
          value.every(
            (d) =>
              typeof d === 'object' &&
              d !== null &&
              !Array.isArray(d) &&
              typeof (d as { type?: unknown }).type === 'string' &&
              (d as { type: string }).type !== '',
          ),
      },
    });
}

/** Where the delivery of a revoked consent's token revocation to the authorization server stands. */
export class TokenRevocationDto {
  @ApiProperty({ enum: ['pending', 'done'], description: '`pending` until the authorization server confirmed it.' })
  status: 'pending' | 'done';

  @ApiProperty({ description: 'Delivery attempts made so far.' })
  attempts: number;

  @ApiProperty({ type: String, nullable: true, description: 'When the next attempt is due (pending only).' })
  next_attempt_at: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why the last attempt failed.' })
  last_error: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'When the authorization server confirmed it.' })
  done_at: string | null;
}

/** A consent as the consent storage API returns it. */
export class ConsentDto {
  @ApiProperty({ description: 'Random and unguessable; the authorization server carries it as consent_id.' })
  id: string;

  @ApiProperty({ example: 'gobank' })
  bank: string;

  @ApiProperty({ description: "The customer's subject at the bank's authorization server.", example: 'user' })
  subject: string;

  @ApiProperty({ description: 'The TPP.' })
  client_id: string;

  @ApiProperty()
  client_name: string;

  @ApiProperty({ enum: CONSENT_STATUSES })
  status: ConsentStatus;

  @ApiProperty({ type: [String] })
  granted_scopes: string[];

  @ApiProperty({ type: [String] })
  account_ids: string[];

  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'RFC 9396 authorization details.' })
  authorization_details: Array<Record<string, unknown>>;

  @ApiProperty({ format: 'date-time' })
  created_at: string;

  @ApiProperty({ format: 'date-time' })
  updated_at: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revoked_at: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Who revoked it (the caller, or what it said).' })
  revoked_by: string | null;

  @ApiProperty({
    type: TokenRevocationDto,
    nullable: true,
    description: "For a revoked consent: whether its tokens' revocation at the authorization server is still pending.",
  })
  token_revocation: TokenRevocationDto | null;
}

/** `POST /api/consents`. */
export class CreateConsentRequestDto {
  @ApiProperty({ example: 'user' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  subject: string;

  @ApiProperty()
  @IsString()
  @Matches(PRINTABLE, { message: 'client_id must be printable ASCII without spaces' })
  @MaxLength(200)
  client_id: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  client_name: string;

  @ApiPropertyOptional({
    enum: ['authorized', 'rejected'],
    default: 'authorized',
    description: 'A consent is recorded as given or as refused by the customer; `revoked` only comes from a revoke.',
  })
  @IsOptional()
  @IsIn(['authorized', 'rejected'], { message: 'status must be authorized or rejected' })
  status?: 'authorized' | 'rejected';

  @ApiProperty({ type: [String], example: ['openid', 'accounts'] })
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(SCOPE_TOKEN, { each: true, message: 'each granted scope must be an RFC 6749 scope token' })
  granted_scopes: string[];

  @ApiProperty({ type: [String], example: ['96534987'] })
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(ACCOUNT_ID, { each: true, message: 'each account id must be 1-64 letters, digits, ".", "_" or "-"' })
  account_ids: string[];

  @ApiPropertyOptional({ type: 'array', items: { type: 'object' }, default: [] })
  @IsOptional()
  @IsAuthorizationDetails()
  authorization_details?: Array<Record<string, unknown>>;
}

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/** `GET /api/consents`: every filter is optional; results are newest first. */
export class ListConsentsQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) subject?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) client_id?: string;

  @ApiPropertyOptional({ description: 'Consents that include this account.' })
  @IsOptional()
  @Matches(ACCOUNT_ID, { message: 'account_id must be 1-64 letters, digits, ".", "_" or "-"' })
  account_id?: string;

  @ApiPropertyOptional({ enum: CONSENT_STATUSES })
  @IsOptional()
  @IsIn(CONSENT_STATUSES, { message: `status must be one of ${CONSENT_STATUSES.join(', ')}` })
  status?: ConsentStatus;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created at or after.' })
  @IsOptional()
  @IsReadableDateTime('created_from')
  created_from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created before.' })
  @IsOptional()
  @IsReadableDateTime('created_to')
  created_to?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'limit must be a whole number 1-100' })
  @Min(1, { message: 'limit must be a whole number 1-100' })
  @Max(100, { message: 'limit must be a whole number 1-100' })
  limit?: number;

  @ApiPropertyOptional({ description: 'next_cursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

/** One page of consents. */
export class ConsentPageDto {
  @ApiProperty({ type: [ConsentDto] })
  consents: ConsentDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last.' })
  next_cursor: string | null;
}

/** `POST /api/consents/{id}/revoke` (the body is optional). */
export class RevokeConsentRequestDto {
  @ApiPropertyOptional({
    description:
      "Who revoked it; the caller's client_id when absent. A bank whose accept at the authorization server failed " +
      'revokes the consent it had just created with `system`.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  revoked_by?: string;
}

/** `POST /api/consents/revoke`: every authorized consent of one TPP. */
export class RevokeClientConsentsRequestDto extends RevokeConsentRequestDto {
  @ApiProperty()
  @IsString()
  @Matches(PRINTABLE, { message: 'client_id must be printable ASCII without spaces' })
  @MaxLength(200)
  client_id: string;
}

export class RevokeClientConsentsResponseDto {
  @ApiProperty()
  client_id: string;

  @ApiProperty({ type: [String], description: 'The consents this call revoked (those already revoked are left out).' })
  revoked_consent_ids: string[];
}
