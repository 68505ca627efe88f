// RFC 9449 §4.3 (4), §4.2: the typ header is dpop+jwt (a media type: compared case-insensitively, RFC 7515 §4.1.9).
import { invalidDpopProof, type ParsedDpopProof } from './dpop-proof-context';

export function checkDpopTyp({ header }: ParsedDpopProof): void {
  const typ = typeof header.typ === 'string' ? header.typ.toLowerCase().replace(/^application\//, '') : undefined;
  if (typ !== 'dpop+jwt') throw invalidDpopProof('DPoP proof typ header must be dpop+jwt');
}
