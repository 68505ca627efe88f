// RFC 7523 §3, RFC 7521 §4.2: what every private_key_jwt check sees, and the one error they all raise.
import type { JWTPayload, ProtectedHeaderParameters } from 'jose';
import { OAuthError } from '@ofs/oauth';

export const JWT_BEARER_CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface ClientAssertionContext {
  /** Decoded, not yet verified. */
  readonly header: ProtectedHeaderParameters;
  /** Decoded, not yet verified. */
  readonly claims: JWTPayload;
  /** The authorization server's issuer identifier (RFC 8414), the only accepted `aud`. */
  readonly issuer: string;
  /** The `client_id` form parameter, when the client sent one. */
  readonly clientIdParam?: string;
  /** Seconds since the epoch. */
  readonly nowSec: number;
  readonly clockToleranceSec: number;
  readonly maxLifetimeSec: number;
}

export type ClientAssertionCheck = (ctx: ClientAssertionContext) => void;

/** Every client-authentication failure is 401 invalid_client (checklist §6.3). */
export function invalidClient(description: string, detail?: string): OAuthError {
  return new OAuthError('invalid_client', description, { status: 401, detail });
}
