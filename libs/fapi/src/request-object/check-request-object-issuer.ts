// RFC 9101 §4 and §10.2, FAPI2-MS 5.3.1: iss is the client_id of the client that signed it.
import { invalidRequestObject, type RequestObjectCheck } from './request-object-context';

export const checkRequestObjectIssuer: RequestObjectCheck = ({ claims }, { clientId }) => {
  if (claims.iss === undefined) throw invalidRequestObject('request object has no iss');
  if (claims.iss !== clientId) throw invalidRequestObject('request object iss must be the client_id');
};
