// FAPI2-SP 5.3.2.1-8 (narrows RFC 7523 §3 (3)): aud is the issuer identifier, as a string, never an array.
import { invalidClient, type ClientAssertionContext } from './client-assertion-context';

export function checkAssertionAudience({ claims, issuer }: ClientAssertionContext): void {
  if (claims.aud === undefined) throw invalidClient('client assertion has no aud');
  if (Array.isArray(claims.aud)) {
    throw invalidClient('client assertion aud must be the issuer identifier as a string, not an array');
  }
  if (claims.aud !== issuer) throw invalidClient('client assertion aud must be the issuer identifier');
}
