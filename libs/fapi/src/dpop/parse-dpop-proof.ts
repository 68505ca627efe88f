// RFC 9449 §4.3 (1)(2), §4.1: exactly one DPoP header, whose value is a single well-formed JWT.
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { joseDetail } from '../jose-detail';
import { invalidDpopProof, type ParsedDpopProof } from './dpop-proof-context';

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** `headers` is the raw header value: Node joins repeated headers with ", ", `headersDistinct` gives an array. */
export function parseDpopProof(headers: string | readonly string[] | undefined): ParsedDpopProof {
  const values = headers === undefined ? [] : typeof headers === 'string' ? [headers] : headers;
  if (values.length === 0 || (values.length === 1 && values[0]!.trim() === '')) {
    throw invalidDpopProof('DPoP proof is missing');
  }
  if (values.length > 1 || values[0]!.includes(',')) throw invalidDpopProof('more than one DPoP header');
  const compact = values[0]!.trim();
  if (!COMPACT_JWS.test(compact)) throw invalidDpopProof('DPoP proof is not a well-formed JWT');
  try {
    return { compact, header: decodeProtectedHeader(compact), claims: decodeJwt(compact) };
  } catch (e) {
    throw invalidDpopProof('DPoP proof is not a well-formed JWT', joseDetail(e));
  }
}
