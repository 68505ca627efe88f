// RFC 9449 §11.1: a proof jti is accepted once per key and URI, for as long as its iat is acceptable.
import { replayKey } from '../replay-store';
import { dpopJkt, invalidDpopProof, type DpopCheckContext, type ParsedDpopProof } from './dpop-proof-context';

export async function checkDpopReplay(proof: ParsedDpopProof, ctx: DpopCheckContext): Promise<void> {
  const key = replayKey('dpop', await dpopJkt(proof), ctx.htu, proof.claims.jti as string);
  const expiresAt = new Date(((proof.claims.iat as number) + ctx.maxAgeSec + 1) * 1000);
  if (!(await ctx.replay.consume(key, expiresAt))) throw invalidDpopProof('DPoP proof jti already used');
}
