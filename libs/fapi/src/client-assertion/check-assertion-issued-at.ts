// RFC 7523 §3 (5)(6), FAPI2-SP 5.3.2.1-13: iat and nbf (optional) at most the clock tolerance in the future; iat not stale.
import { invalidClient, type ClientAssertionContext } from './client-assertion-context';

export function checkAssertionIssuedAt({
  claims,
  nowSec,
  clockToleranceSec,
  maxLifetimeSec,
}: ClientAssertionContext): void {
  for (const claim of ['nbf', 'iat'] as const) {
    const value = claims[claim];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw invalidClient(`client assertion ${claim} must be a number`);
    }
    if (value > nowSec + clockToleranceSec) throw invalidClient(`client assertion ${claim} is in the future`);
  }
  if (claims.iat !== undefined && claims.iat < nowSec - maxLifetimeSec - clockToleranceSec) {
    throw invalidClient(`client assertion iat is more than ${maxLifetimeSec} seconds ago`);
  }
}
