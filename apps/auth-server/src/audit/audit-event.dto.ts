import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AUDIT_EVENT_TYPES, type AuditEventType, type AuditOutcome } from './audit-event';

/** One audit event as the system API returns it. */
export class AuditEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) time: string;
  @ApiProperty({ example: 'obgeneric' }) tenant: string;
  @ApiProperty({ example: 'gobank', nullable: true, type: String }) server: string | null;
  @ApiProperty({ enum: AUDIT_EVENT_TYPES, example: 'token.issued' }) type: AuditEventType;
  @ApiProperty({ enum: ['success', 'failure', 'refused'] }) outcome: AuditOutcome;
  @ApiProperty({ nullable: true, type: String }) client_id: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The end-user (a login name), when there is one.' })
  subject: string | null;
  @ApiProperty({ nullable: true, type: String }) consent_id: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'X-Request-Id of the request (request_id in the logs).' })
  request_id: string | null;
  @ApiProperty({ nullable: true, type: String }) source_address: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'A small object per type, never a secret. request.refused: endpoint, method, status, error, ' +
      'error_description, client_authenticated; token.issued: grant_type, token_types, scope, sender_constraint, ' +
      'expires_in; consent.accepted: decided_by, granted_scopes, authorization_details_types; and so on.',
    example: {
      endpoint: '/:tenant/:server/oauth2/token',
      method: 'POST',
      status: 400,
      error: 'invalid_grant',
      error_description: 'invalid authorization code',
      client_authenticated: true,
    },
  })
  detail: Record<string, unknown>;
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto], description: 'Newest first.' }) events: AuditEventDto[];
  @ApiPropertyOptional({ description: 'Pass as `cursor` for the next (older) page; absent on the last page.' })
  next_cursor?: string;
}
