import type { AuditOrigin } from '../audit/audit-event';
import type { AuthenticatedClient } from '../client-auth/authenticated-client';
import type { ServerContext } from '../servers/server-context';
import type { SenderBinding } from './sender-binding';
import type { TokenResponseDto } from './token-response.dto';

export interface GrantContext {
  server: ServerContext;
  client: AuthenticatedClient;
  params: Record<string, string>;
  binding: SenderBinding;
  now: Date;
  /** Request id and source address, for the audit events written with the tokens. */
  origin: AuditOrigin;
}

/**
 * One grant type (Fosite-style handler): how it reads its parameters and issues tokens. Parameters it does not
 * read are ignored (RFC 6749 §3.2).
 */
export interface GrantHandler {
  readonly grantType: string;
  handle(context: GrantContext): Promise<TokenResponseDto>;
}

export const GRANT_HANDLERS = Symbol('GRANT_HANDLERS');
