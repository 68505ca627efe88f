// RFC 9449 §4.3 (5), FAPI2-SP 5.4.1: alg is an asymmetric algorithm of the allowed set (never none, HS*, RS256).
import { assertFapiAlg } from '../algorithms';
import type { DpopCheckContext, ParsedDpopProof } from './dpop-proof-context';

export function checkDpopAlg({ header }: ParsedDpopProof, { allowedAlgs }: DpopCheckContext): void {
  assertFapiAlg(header.alg, 'invalid_dpop_proof', 'DPoP proof', allowedAlgs);
}
