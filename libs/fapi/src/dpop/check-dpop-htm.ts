// RFC 9449 §4.3 (8): htm is the method of the request (case-sensitive, RFC 9110 §9.1).
import { invalidDpopProof, type DpopCheckContext, type ParsedDpopProof } from './dpop-proof-context';

export function checkDpopHtm({ claims }: ParsedDpopProof, { htm }: DpopCheckContext): void {
  if (claims.htm !== htm) throw invalidDpopProof(`DPoP proof htm must be ${htm}`);
}
