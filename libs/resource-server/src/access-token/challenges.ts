// RFC 6750 §3 / §3.1, RFC 9449 §7.1: the WWW-Authenticate challenges of a protected resource.
import { OAuthError } from '@ofs/oauth';

export type TokenScheme = 'DPoP' | 'Bearer';

/** The DPoP algorithms a proof may use here (FAPI2-SP 5.4.1). */
export const DPOP_ALGS = 'PS256 ES256 EdDSA';

function challenge(scheme: TokenScheme, params: Record<string, string>): string {
  const all = scheme === 'DPoP' ? { ...params, algs: DPOP_ALGS } : params;
  const rendered = Object.entries(all).map(([k, v]) => `${k}="${v.replace(/["\\]/g, "'")}"`);
  return rendered.length ? `${scheme} ${rendered.join(', ')}` : scheme;
}

/** No credentials at all: one challenge per scheme, without an error code (RFC 6750 §3.1). */
export function missingToken(): OAuthError {
  return new OAuthError('invalid_token', 'An access token is required', {
    status: 401,
    headers: { 'WWW-Authenticate': `${challenge('DPoP', {})}, Bearer` },
  });
}

/** 401 `invalid_token` (or `invalid_dpop_proof`, RFC 9449 §7.1) challenged in the token's scheme. */
export function invalidToken(
  scheme: TokenScheme,
  description: string,
  error: 'invalid_token' | 'invalid_dpop_proof' = 'invalid_token',
  detail?: string,
): OAuthError {
  return new OAuthError(error, description, {
    status: 401,
    detail,
    headers: { 'WWW-Authenticate': challenge(scheme, { error, error_description: description }) },
  });
}

/** 403 `insufficient_scope` naming the scopes the resource needs (RFC 6750 §3.1). */
export function insufficientScope(scheme: TokenScheme, required: readonly string[]): OAuthError {
  const description = `The access token was not granted ${required.join(' ')}`;
  return new OAuthError('insufficient_scope', description, {
    status: 403,
    headers: {
      'WWW-Authenticate': challenge(scheme, {
        error: 'insufficient_scope',
        error_description: description,
        scope: required.join(' '),
      }),
    },
  });
}
