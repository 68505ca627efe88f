// FAPI2-MS 5.3.1-3 (suite 25, 11, 32): nbf is present, not in the future, and not more than 60 minutes old (PAR-20, PAR-21).
import { invalidRequestObject, numericDate, type RequestObjectCheck } from './request-object-context';

export const checkRequestObjectNotBefore: RequestObjectCheck = (
  { claims },
  { nowSec, clockToleranceSec, maxLifetimeSec },
) => {
  const nbf = numericDate(claims, 'nbf');
  if (nbf > nowSec + clockToleranceSec) throw invalidRequestObject('request object nbf is in the future');
  if (nbf < nowSec - maxLifetimeSec - clockToleranceSec) {
    throw invalidRequestObject(`request object nbf is more than ${maxLifetimeSec / 60} minutes in the past`);
  }
};
