// RFC 7523 §3 (4), RFC 7519 §4.1.4: exp is required and not passed; bounded so its jti need not be kept long.
import { invalidClient, type ClientAssertionContext } from './client-assertion-context';

export function checkAssertionExpiry({
  claims,
  nowSec,
  clockToleranceSec,
  maxLifetimeSec,
}: ClientAssertionContext): void {
  if (claims.exp === undefined) throw invalidClient('client assertion has no exp');
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) {
    throw invalidClient('client assertion exp must be a number');
  }
  if (claims.exp <= nowSec - clockToleranceSec) throw invalidClient('client assertion is expired');
  if (claims.exp - nowSec > maxLifetimeSec + clockToleranceSec) {
    throw invalidClient(`client assertion exp is more than ${maxLifetimeSec} seconds away`);
  }
}
