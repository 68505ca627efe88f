// RFC 9101 §5 and RFC 9126 §3: client_id is inside the object and equals the authenticated client (PAR-20).
import { invalidRequestObject, type RequestObjectCheck } from './request-object-context';

export const checkRequestObjectClientId: RequestObjectCheck = ({ claims }, { clientId }) => {
  if (claims.client_id === undefined) throw invalidRequestObject('request object has no client_id');
  if (claims.client_id !== clientId) {
    throw invalidRequestObject('request object client_id does not match the authenticated client');
  }
};
