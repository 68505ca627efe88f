// RFC 9449 §4.3 (12), §4.2: with an access token, ath is the base64url SHA-256 of its ASCII value.
import { createHash } from 'node:crypto';
import { invalidDpopProof, type DpopCheckContext, type ParsedDpopProof } from './dpop-proof-context';

export function checkDpopAth({ claims }: ParsedDpopProof, { accessToken }: DpopCheckContext): void {
  if (accessToken === undefined) return;
  if (claims.ath !== createHash('sha256').update(accessToken, 'ascii').digest('base64url')) {
    throw invalidDpopProof('DPoP proof ath does not match the access token');
  }
}
