// RFC 9101 §4 (suite 74): the request and request_uri parameters MUST NOT be included in a request object (PAR-20).
import { invalidRequestObject, type RequestObjectCheck } from './request-object-context';

export const checkRequestObjectNotNested: RequestObjectCheck = ({ claims }) => {
  for (const name of ['request', 'request_uri'] as const) {
    if (claims[name] !== undefined) throw invalidRequestObject(`request object must not contain ${name}`);
  }
};
