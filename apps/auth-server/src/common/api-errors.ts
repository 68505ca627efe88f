import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

/** RFC 6749 §5.2 (and RFC 6750 §3, RFC 9449 §7): what every refusal of the OAuth endpoints answers. */
export class OAuthErrorResponseDto {
  @ApiProperty({ example: 'invalid_request', description: 'The error code the RFC names for this refusal.' })
  error: string;

  @ApiPropertyOptional({ example: 'missing parameter code_challenge', description: 'What was wrong, in words.' })
  error_description?: string;
}

const MEANING: Record<number, string> = {
  400: 'The request is malformed or refused (invalid_request, invalid_grant, invalid_dpop_proof, use_dpop_nonce, …).',
  401: 'Client authentication failed (invalid_client), or the access token is missing or invalid (invalid_token).',
  403: 'The access token lacks the scope this operation needs (insufficient_scope).',
  404: 'Unknown tenant, server or resource.',
  409: 'The resource is not in a state that allows this (e.g. a login already decided).',
};

/** Documents the OAuth error responses an operation (or every operation of a controller) can give. */
export function OAuthErrors(...statuses: Array<keyof typeof MEANING>) {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: MEANING[status], type: OAuthErrorResponseDto })),
  );
}
