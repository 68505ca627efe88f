import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export const POOL_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export class CreatePoolDto {
  @ApiProperty({ example: 'hyperscalebank-consents', description: 'The pool name in its tenant: a-z, 0-9 and -.' })
  @Matches(POOL_ID_PATTERN, { message: 'id must be 1-63 characters a-z, 0-9 or -, starting with a letter or digit' })
  id: string;

  @ApiPropertyOptional({ example: "Hyperscale Bank's consents" })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'JSON Schema draft 2020-12 of the records’ attributes; its root must be "type": "object".',
    example: { type: 'object', required: ['subject'], properties: { subject: { type: 'string' } } },
  })
  @IsObject()
  schema: Record<string, unknown>;

  @ApiPropertyOptional({
    example: 'hyperscalebank',
    description:
      'Makes the records consents of this server of the tenant (consent_id = record id): a record whose status ' +
      'becomes "revoked", or that is deleted, revokes every token and unredeemed code of that consent at once.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  consents_of_server?: string;
}

export class ChangeSchemaDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The new JSON Schema (draft 2020-12).' })
  @IsObject()
  schema: Record<string, unknown>;
}

export class PoolDto {
  @ApiProperty() id: string;
  @ApiProperty() tenant: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) schema: Record<string, unknown>;
  @ApiProperty({ description: 'Raised by each schema change; the ETag of the pool.' }) schema_version: number;
  @ApiPropertyOptional({ description: 'The server whose consents the records are.' }) consents_of_server?: string;
  @ApiProperty() created_at: string;
  @ApiProperty() updated_at: string;
}

export class PoolListDto {
  @ApiProperty({ type: [PoolDto] }) pools: PoolDto[];
}

export class RecordWriteDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The attributes, valid against the pool schema.',
    example: { subject: 'user', client_id: 'tpp', status: 'authorized', created_at: '2026-12-02T10:00:00Z' },
  })
  @IsObject()
  attributes: Record<string, unknown>;

  @ApiPropertyOptional({
    description:
      'A password for a record with a string attribute "username" (the hosted login checks it); stored as a ' +
      'salted scrypt hash, never returned. Omitted in an update: the stored one is kept.',
    writeOnly: true,
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password?: string;
}

export class RecordPatchDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'An RFC 7396 JSON merge patch of the attributes (null removes one).',
    example: { status: 'revoked', updated_at: '2026-12-02T11:00:00Z' },
  })
  @IsOptional()
  @IsObject()
  attributes?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'A new password (see the create request).', writeOnly: true })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password?: string;
}

export class RecordDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() pool_id: string;
  @ApiProperty({ description: 'Raised by each update; the record’s ETag ("<version>").' }) version: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) attributes: Record<string, unknown>;
  @ApiProperty({ description: 'Whether the record has a password (the hash is never returned).' })
  has_password: boolean;
  @ApiProperty() created_at: string;
  @ApiProperty() updated_at: string;
}

export class RecordPageDto {
  @ApiProperty({ type: [RecordDto] }) records: RecordDto[];
  @ApiPropertyOptional({ description: 'Pass as `cursor` for the next page; absent on the last one.' })
  next_cursor?: string;
}
