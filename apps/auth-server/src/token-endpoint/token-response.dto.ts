import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** RFC 6749 §5.1 successful token response. */
export class TokenResponseDto {
  @ApiProperty()
  access_token: string;

  @ApiProperty({ enum: ['DPoP', 'Bearer'] })
  token_type: 'DPoP' | 'Bearer';

  @ApiProperty()
  expires_in: number;

  @ApiPropertyOptional()
  scope?: string;

  @ApiPropertyOptional()
  refresh_token?: string;

  @ApiPropertyOptional()
  id_token?: string;

  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } })
  authorization_details?: unknown[];
}
