// RFC 9449 §4.3 (3), §4.2: jti, htm, htu and iat are present (and ath when an access token is presented).
import { invalidDpopProof, type DpopCheckContext, type ParsedDpopProof } from './dpop-proof-context';

export function checkDpopRequiredClaims({ claims }: ParsedDpopProof, { accessToken }: DpopCheckContext): void {
  const strings =
    accessToken === undefined ? (['jti', 'htm', 'htu'] as const) : (['jti', 'htm', 'htu', 'ath'] as const);
  for (const claim of strings) {
    if (claims[claim] === undefined) throw invalidDpopProof(`DPoP proof has no ${claim} claim`);
    if (typeof claims[claim] !== 'string' || claims[claim] === '') {
      throw invalidDpopProof(`DPoP proof ${claim} claim must be a non-empty string`);
    }
  }
  if (claims.iat === undefined) throw invalidDpopProof('DPoP proof has no iat claim');
  if (typeof claims.iat !== 'number' || !Number.isFinite(claims.iat)) {
    throw invalidDpopProof('DPoP proof iat claim must be a number');
  }
}
