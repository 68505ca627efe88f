// RFC 9396 §2: authorization_details is a JSON array of objects, each with a string `type` (PAR-23).
import { OAuthError } from '../oauth.error';

/** One RFC 9396 authorization details object. */
export type AuthorizationDetail = { type: string } & Record<string, unknown>;

export function invalidAuthorizationDetails(description: string): OAuthError {
  return new OAuthError('invalid_authorization_details', description);
}

/** At most this many objects in one request: each is validated, stored and shown on the consent page. */
export const MAX_AUTHORIZATION_DETAILS = 20;

/** The `authorization_details` parameter (a JSON string in a form, as stored), parsed and shaped per §2. */
export function parseAuthorizationDetails(parameter: string): AuthorizationDetail[] {
  let details: unknown;
  try {
    details = JSON.parse(parameter);
  } catch {
    throw invalidAuthorizationDetails('authorization_details is not valid JSON');
  }
  return shapeOf(details, 'authorization_details');
}

/** A value that should be an array of detail objects (e.g. a consent page's granted ones), checked per §2. */
export function shapeOf(details: unknown, name: string): AuthorizationDetail[] {
  if (!Array.isArray(details) || details.length === 0)
    throw invalidAuthorizationDetails(`${name} must be a non-empty JSON array`);
  if (details.length > MAX_AUTHORIZATION_DETAILS)
    throw invalidAuthorizationDetails(`${name} has more than ${MAX_AUTHORIZATION_DETAILS} elements`);
  details.forEach((detail: unknown, i) => {
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
      throw invalidAuthorizationDetails(`${name}/${i} must be an object`);
    }
    const type = (detail as { type?: unknown }).type;
    if (typeof type !== 'string' || type === '')
      throw invalidAuthorizationDetails(`${name}/${i}/type must be a non-empty string`);
  });
  return details as AuthorizationDetail[];
}
