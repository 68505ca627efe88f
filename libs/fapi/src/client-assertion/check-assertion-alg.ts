// FAPI2-SP 5.4.1, RFC 7523 §3 (9): the assertion is signed with PS256, ES256 or EdDSA (not none, HS*, RS256).
import { assertFapiAlg } from '../algorithms';
import type { ClientAssertionContext } from './client-assertion-context';

export function checkAssertionAlg(ctx: ClientAssertionContext): void {
  assertFapiAlg(ctx.header.alg, 'invalid_client', 'client assertion');
}
