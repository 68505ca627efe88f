// RFC 9449 §11.1: a proof jti is accepted once per key and URI, for as long as the proof is acceptable (its iat
// window, or the life of the server nonce it carries).
import { replayKey } from '../replay-store';
import {
  carriesValidNonce,
  dpopJkt,
  invalidDpopProof,
  type DpopCheckContext,
  type ParsedDpopProof,
} from './dpop-proof-context';

export async function checkDpopReplay(proof: ParsedDpopProof, ctx: DpopCheckContext): Promise<void> {
  const key = replayKey('dpop', await dpopJkt(proof), ctx.htu, proof.claims.jti as string);
  const byIat = (proof.claims.iat as number) + ctx.maxAgeSec + 1;
  const byNonce = carriesValidNonce(proof, ctx) ? ctx.nowSec + ctx.nonce!.lifetimeSec + 1 : 0;
  const expiresAt = new Date(Math.max(byIat, byNonce) * 1000);
  if (!(await ctx.replay.consume(key, expiresAt))) throw invalidDpopProof('DPoP proof jti already used');
}
