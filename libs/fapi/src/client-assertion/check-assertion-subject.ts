// RFC 7523 §3 (1)(2), OIDC Core §9: iss and sub are both the client_id, and match a client_id form parameter.
import { invalidClient, type ClientAssertionContext } from './client-assertion-context';

export function checkAssertionSubject({ claims, clientIdParam }: ClientAssertionContext): void {
  if (typeof claims.iss !== 'string' || claims.iss === '') throw invalidClient('client assertion has no iss');
  if (typeof claims.sub !== 'string' || claims.sub === '') throw invalidClient('client assertion has no sub');
  if (claims.iss !== claims.sub) throw invalidClient('client assertion iss and sub must both be the client_id');
  if (clientIdParam !== undefined && clientIdParam !== claims.sub) {
    throw invalidClient('client_id does not match the client assertion sub');
  }
}
