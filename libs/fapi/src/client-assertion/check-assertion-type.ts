// RFC 7521 §4.2, RFC 7523 §2.2: client_assertion is present and client_assertion_type is the JWT bearer URN.
import { invalidClient, JWT_BEARER_CLIENT_ASSERTION_TYPE } from './client-assertion-context';

export function checkAssertionType(
  assertion: string | undefined,
  assertionType: string | undefined,
): asserts assertion is string {
  if (assertion === undefined || assertion === '') throw invalidClient('client_assertion is missing');
  if (assertionType === undefined || assertionType === '') throw invalidClient('client_assertion_type is missing');
  if (assertionType !== JWT_BEARER_CLIENT_ASSERTION_TYPE) {
    throw invalidClient(`client_assertion_type must be ${JWT_BEARER_CLIENT_ASSERTION_TYPE}`);
  }
}
