// RFC 9449 §4.3 (12), §6.1, §10.1: the proof key is the one the token (cnf.jkt) or the code (dpop_jkt) is bound to.
import { dpopJkt, invalidDpopProof, type DpopCheckContext, type ParsedDpopProof } from './dpop-proof-context';

export async function checkDpopKeyBinding(proof: ParsedDpopProof, { expectedJkt }: DpopCheckContext): Promise<void> {
  if (expectedJkt === undefined) return;
  if ((await dpopJkt(proof)) !== expectedJkt) throw invalidDpopProof('DPoP proof key is not the bound key');
}
