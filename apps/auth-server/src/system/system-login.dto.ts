import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** A login waiting for consent, as the bank's consent page reads it. */
export class PendingLoginDto {
  @ApiProperty() login_id: string;
  @ApiProperty() subject: string;
  @ApiProperty() client_id: string;
  @ApiProperty({ description: 'Self-asserted by the client: show it with client_id and the redirect host.' })
  client_name: string;
  @ApiProperty({ description: 'The verified redirect URI the user returns to (its host tells who the client is).' })
  redirect_uri: string;
  @ApiProperty({ description: 'Whether the client registered itself (RFC 7591): anyone can call itself anything.' })
  dynamically_registered: boolean;
  @ApiProperty({ type: [String] }) requested_scopes: string[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'The requested RFC 9396 authorization_details, validated against their types at PAR.',
  })
  authorization_details: Array<Record<string, unknown>>;
  @ApiProperty({ description: 'When the user authenticated (seconds since the epoch).' }) auth_time: number;
}

export class AcceptLoginDto {
  @ApiProperty() @IsString() @IsNotEmpty() login_state: string;

  @ApiProperty({ type: [String], description: 'A subset of the requested scopes.' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  granted_scopes: string[];

  @ApiPropertyOptional({ description: 'The consent the tokens will carry (introspection returns it as consent_id).' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[\x21-\x7e]+$/, { message: 'consent_id must be printable ASCII without spaces' })
  consent_id?: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    description:
      'Granted RFC 9396 authorization details: each narrows a requested one of its type (members marked ' +
      'x-narrowable in the type schema, such as accounts and permissions, may be subsets; the rest as requested).',
  })
  @IsOptional()
  @IsArray()
  @IsObject({ each: true })
  granted_authorization_details?: Array<Record<string, unknown>>;
}

export class RejectLoginDto {
  @ApiProperty() @IsString() @IsNotEmpty() login_state: string;

  @ApiProperty({ example: 'access_denied', description: 'The OAuth error the client receives.' })
  @Matches(/^(access_denied|consent_required|login_required|interaction_required|temporarily_unavailable)$/, {
    message:
      'error must be one of access_denied, consent_required, login_required, interaction_required, temporarily_unavailable',
  })
  error: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Matches(/^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/, {
    message: 'error_description has characters OAuth errors cannot carry',
  })
  error_description?: string;
}

export class RedirectDto {
  @ApiProperty({ description: 'Where the consent page sends the browser next.' })
  redirect_to: string;
}
