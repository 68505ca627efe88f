// RFC 9449 §4.3 (11), §11.1, FAPI2-SP 5.3.2.1-13: iat within the acceptance window (unless a valid server nonce
// vouches for the proof's freshness, §11.1); exp and nbf, if sent, hold.
import { carriesValidNonce, invalidDpopProof, type DpopCheckContext, type ParsedDpopProof } from './dpop-proof-context';

export function checkDpopIat(proof: ParsedDpopProof, ctx: DpopCheckContext): void {
  const { claims } = proof;
  const { nowSec, clockToleranceSec, maxAgeSec } = ctx;
  const iat = claims.iat as number;
  if (!carriesValidNonce(proof, ctx)) {
    if (iat > nowSec + clockToleranceSec) throw invalidDpopProof('DPoP proof iat is in the future');
    if (iat < nowSec - maxAgeSec) throw invalidDpopProof(`DPoP proof iat is more than ${maxAgeSec} seconds ago`);
  }
  if (claims.exp !== undefined && (typeof claims.exp !== 'number' || claims.exp <= nowSec - clockToleranceSec)) {
    throw invalidDpopProof('DPoP proof is expired');
  }
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > nowSec + clockToleranceSec)) {
    throw invalidDpopProof('DPoP proof nbf is in the future');
  }
}
