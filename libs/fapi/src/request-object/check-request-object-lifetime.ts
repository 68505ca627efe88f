// FAPI2-MS 5.3.1-4 (suite 30): exp is at most 60 minutes after nbf (PAR-20).
import { invalidRequestObject, numericDate, type RequestObjectCheck } from './request-object-context';

export const checkRequestObjectLifetime: RequestObjectCheck = ({ claims }, { maxLifetimeSec }) => {
  if (numericDate(claims, 'exp') - numericDate(claims, 'nbf') > maxLifetimeSec) {
    throw invalidRequestObject(`request object exp is more than ${maxLifetimeSec / 60} minutes after nbf`);
  }
};
