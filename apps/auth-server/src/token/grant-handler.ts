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

/** One grant type (Fosite-style handler): its parameters and how it issues tokens. */
export interface GrantHandler {
  readonly grantType: string;
  /** Grant-specific parameters accepted besides grant_type and client authentication. */
  readonly parameters: readonly string[];
  handle(context: GrantContext): Promise<TokenResponseDto>;
}

export const GRANT_HANDLERS = Symbol('GRANT_HANDLERS');
