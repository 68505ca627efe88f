// RFC 9449 §4.3 (9), RFC 3986 §6.2.2-6.2.3: htu is the URI of the request, ignoring query and fragment.
import { invalidDpopProof, type DpopCheckContext, type ParsedDpopProof } from './dpop-proof-context';
import { normalizeHtu } from './normalize-htu';

export function checkDpopHtu({ claims }: ParsedDpopProof, { htu }: DpopCheckContext): void {
  const claimed = normalizeHtu(claims.htu as string);
  if (claimed === undefined) throw invalidDpopProof('DPoP proof htu is not an absolute http(s) URI');
  if (claimed !== htu) throw invalidDpopProof(`DPoP proof htu must be ${htu}`);
}
