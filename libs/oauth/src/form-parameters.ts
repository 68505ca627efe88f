import { OAuthError } from './oauth.error';

/**
 * RFC 6749 §3.1 / §3.2: parameters sent without a value are treated as omitted; request and response
 * parameters MUST NOT be included more than once. Returns single string values, or throws invalid_request.
 * With `allowed`, any other parameter is refused (RFC 9126 §2.1 endpoints choose to be strict).
 */
export function singleValuedParameters(
  body: unknown,
  options: { allowed?: readonly string[] } = {},
): Record<string, string> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new OAuthError('invalid_request', 'The request body must be application/x-www-form-urlencoded');
  }
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (Array.isArray(value)) throw new OAuthError('invalid_request', `Parameter ${name} is included more than once`);
    if (typeof value !== 'string') throw new OAuthError('invalid_request', `Parameter ${name} is malformed`);
    if (options.allowed && !options.allowed.includes(name)) {
      throw new OAuthError('invalid_request', `Unknown parameter ${name}`);
    }
    if (value === '') continue;
    out[name] = value;
  }
  return out;
}

export function requireParameter(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (value === undefined) throw new OAuthError('invalid_request', `Missing parameter ${name}`);
  return value;
}
