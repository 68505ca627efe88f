// RFC 9101 §10.2, FAPI2-MS 5.3.1-1 (suite 24, 28): exp is present and not passed (PAR-20).
import { invalidRequestObject, numericDate, type RequestObjectCheck } from './request-object-context';

export const checkRequestObjectExpiry: RequestObjectCheck = ({ claims }, { nowSec, clockToleranceSec }) => {
  const exp = numericDate(claims, 'exp');
  if (exp <= nowSec - clockToleranceSec) throw invalidRequestObject('request object exp is in the past');
};
