// RFC 9449 §4.3 (6): the JWS signature verifies with the public key in the jwk header.
import { compactVerify, type JWK } from 'jose';
import { joseDetail } from '../jose-detail';
import { invalidDpopProof, type DpopCheckContext, type ParsedDpopProof } from './dpop-proof-context';
import { PROOF_KEYS } from './proof-key-cache';

export async function checkDpopSignature(
  { compact, header }: ParsedDpopProof,
  { allowedAlgs }: DpopCheckContext,
): Promise<void> {
  try {
    // checkDpopJwk ran first: header.jwk is an object without private members. jose still checks the alg
    // against `algorithms` before it asks for the key.
    await compactVerify(compact, () => PROOF_KEYS.publicKey(header.jwk as JWK, String(header.alg)), {
      algorithms: [...allowedAlgs],
    });
  } catch (e) {
    throw invalidDpopProof('DPoP proof signature is invalid', joseDetail(e));
  }
}
