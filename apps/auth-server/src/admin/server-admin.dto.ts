import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';

export class ServerSettingsDto {
  @ApiProperty({ type: [String] }) scopes: string[];
  @ApiProperty({ type: [String] }) default_scopes: string[];
  @ApiProperty({ type: [String] }) system_scopes: string[];
  @ApiProperty({
    type: [String],
    description: 'RFC 9396 types (managed under authorization-details-types).',
  })
  authorization_details_types: string[];
  @ApiProperty({ description: 'RFC 9101 §10.5: PAR refuses requests without a signed request object.' })
  require_signed_request_object: boolean;
  @ApiPropertyOptional({ nullable: true, description: "The bank's consent page; null for the server's built-in one." })
  consent_page_url: string | null;
  @ApiProperty({ example: 'obgeneric-customers', description: 'The identity pool of the tenant its login page uses.' })
  identity_pool: string;
  @ApiProperty() access_token_ttl_seconds: number;
  @ApiProperty() refresh_token_ttl_seconds: number;
  @ApiProperty() par_ttl_seconds: number;
}

export class ServerDto {
  @ApiProperty({ example: 'obgeneric' }) tenant: string;
  @ApiProperty({ example: 'gobank' }) server_id: string;
  @ApiProperty({ example: 'Go Bank' }) name: string;
  @ApiProperty({ example: 'https://localhost:8443/obgeneric/gobank' }) issuer: string;
  @ApiProperty({ type: ServerSettingsDto }) settings: ServerSettingsDto;
}

/** Only what may change at run time; omitted members stay as they are. */
export class UpdateServerDto {
  @ApiPropertyOptional({ description: 'Shown on the login page: printable text, no markup.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  // eslint-disable-next-line no-control-regex
  @Matches(/^[^\u0000-\u001f\u007f-\u009f<>]+$/, { message: 'name must be printable text without < or >' })
  name?: string;

  @ApiPropertyOptional({ nullable: true, example: 'https://localhost:7080' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsUrl(
    { protocols: ['https'], require_protocol: true, require_tld: false },
    { message: 'consent_page_url must be an https URL or null' },
  )
  consent_page_url?: string | null;

  @ApiPropertyOptional({
    example: 'obgeneric-customers',
    description: 'An identity pool of the tenant: whom the login page authenticates.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  identity_pool?: string;

  @ApiPropertyOptional({ minimum: 60, maximum: 86400 })
  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(86400)
  access_token_ttl_seconds?: number;

  @ApiPropertyOptional({ minimum: 3600, maximum: 31536000 })
  @IsOptional()
  @IsInt()
  @Min(3600)
  @Max(31536000)
  refresh_token_ttl_seconds?: number;

  @ApiPropertyOptional({ minimum: 30, maximum: 599, description: 'FAPI: under 600 s' })
  @IsOptional()
  @IsInt()
  @Min(30)
  @Max(599)
  par_ttl_seconds?: number;

  @ApiPropertyOptional({ description: 'RFC 9101 §10.5: refuse pushed requests without a signed request object.' })
  @IsOptional()
  @IsBoolean()
  require_signed_request_object?: boolean;
}

export class RotateKeyDto {
  @ApiProperty({ enum: ['PS256', 'ES256', 'EdDSA'] })
  @IsIn(['PS256', 'ES256', 'EdDSA'])
  alg: 'PS256' | 'ES256' | 'EdDSA';
}

export class RotatedKeyDto {
  @ApiProperty() kid: string;
}

export class ClientSummaryDto {
  @ApiProperty() client_id: string;
  @ApiProperty() client_name: string;
  @ApiProperty() system: boolean;
  @ApiProperty() token_endpoint_auth_method: string;
  @ApiProperty() scope: string;
}
