// RFC 9101 §4, FAPI2-MS 5.3.1-2: aud is the issuer identifier, or an array that contains it (PAR-20, PAR-21).
import { invalidRequestObject, type RequestObjectCheck } from './request-object-context';

export const checkRequestObjectAudience: RequestObjectCheck = ({ claims }, { issuer }) => {
  const { aud } = claims;
  if (aud === undefined) throw invalidRequestObject('request object has no aud');
  const audiences: unknown[] = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(issuer)) throw invalidRequestObject('request object aud must be or contain the issuer');
};
