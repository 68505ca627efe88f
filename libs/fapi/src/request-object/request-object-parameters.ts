// RFC 9101 §4 and §5: the object's claims are the authorization request parameters (as strings, like a form body).
import type { JWTPayload } from 'jose';
import { invalidRequestObject } from './request-object-context';

/** JWT claims of the request object itself, not authorization request parameters. */
const JWT_CLAIMS = new Set(['iss', 'aud', 'exp', 'nbf', 'iat', 'jti']);

/**
 * Structured members as RFC 9396 §2 (authorization_details, an array), OIDC Core §5.5 (claims, an object) and
 * §3.1.2.1 (max_age, a number) send them; every other parameter is a string, as in a form.
 */
const STRUCTURED: Record<string, (value: unknown) => boolean> = {
  authorization_details: (value) => Array.isArray(value),
  claims: (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  max_age: (value) => Number.isSafeInteger(value) && (value as number) >= 0,
};

export function requestObjectParameters(claims: JWTPayload): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (JWT_CLAIMS.has(name) || value === undefined || value === null) continue;
    const structured = STRUCTURED[name];
    if (structured && typeof value !== 'string') {
      if (!structured(value)) throw invalidRequestObject(`request object claim ${name} has the wrong type`);
      params[name] = typeof value === 'number' ? String(value) : JSON.stringify(value);
      continue;
    }
    if (typeof value !== 'string') throw invalidRequestObject(`request object claim ${name} must be a string`);
    if (value !== '') params[name] = value;
  }
  return params;
}
