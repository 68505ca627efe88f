// RFC 7636 §4.2-4.3, FAPI2-SP 5.3.2.2-5: PAR requires an S256 code_challenge (43 base64url chars); plain is refused.
import { OAuthError } from '@ofs/oauth';

export const PKCE_METHOD_S256 = 'S256';

/** base64url(SHA-256(code_verifier)) without padding: always 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** Throws `invalid_request` (400), to be answered at PAR (checklist PAR-12, PAR-13). */
export function validateCodeChallenge(challenge: string | undefined, method: string | undefined): void {
  if (challenge === undefined || challenge === '')
    throw new OAuthError('invalid_request', 'code_challenge is required');
  if (method === undefined || method === '') {
    throw new OAuthError('invalid_request', 'code_challenge_method is required and must be S256');
  }
  if (method !== PKCE_METHOD_S256) throw new OAuthError('invalid_request', 'code_challenge_method must be S256');
  if (!S256_CHALLENGE.test(challenge)) {
    throw new OAuthError('invalid_request', 'code_challenge must be 43 base64url characters (S256)');
  }
}
