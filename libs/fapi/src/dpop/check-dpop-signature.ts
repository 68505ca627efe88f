// RFC 9449 §4.3 (6): the JWS signature verifies with the public key in the jwk header.
import { compactVerify, EmbeddedJWK } from 'jose';
import { joseDetail } from '../jose-detail';
import { invalidDpopProof, type DpopCheckContext, type ParsedDpopProof } from './dpop-proof-context';

export async function checkDpopSignature(
  { compact }: ParsedDpopProof,
  { allowedAlgs }: DpopCheckContext,
): Promise<void> {
  try {
    await compactVerify(compact, EmbeddedJWK, { algorithms: [...allowedAlgs] });
  } catch (e) {
    throw invalidDpopProof('DPoP proof signature is invalid', joseDetail(e));
  }
}
