// RFC 9449 §4.3 (10), §8, §9, §11.3: when the server demands nonces, the proof carries a current one.
import { OAuthError } from '@ofs/oauth';
import type { DpopCheckContext, ParsedDpopProof } from './dpop-proof-context';

/** `use_dpop_nonce` with one fresh `DPoP-Nonce` header; 400 here, the resource server maps it to 401 itself. */
export function checkDpopNonce({ claims }: ParsedDpopProof, { nonce: check, now }: DpopCheckContext): void {
  if (!check) return;
  const nonce = claims.nonce;
  if (nonce === undefined && !check.required) return;
  if (typeof nonce === 'string' && check.isValid(nonce, now)) return;
  const description =
    nonce === undefined
      ? 'DPoP proof must carry the nonce from the DPoP-Nonce header'
      : 'DPoP proof nonce is invalid or stale';
  throw new OAuthError('use_dpop_nonce', description, { headers: { 'DPoP-Nonce': check.fresh(now) } });
}
