// RFC 7636 §4.1 and §4.6, FAPI2-SP 5.3.2.2-5: the token request proves the S256 challenge with its code_verifier.
import { createHash, timingSafeEqual } from 'node:crypto';
import { OAuthError } from '@ofs/oauth';

/** 43-128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~". */
const CODE_VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** Throws `invalid_grant` (400) when the verifier is missing, malformed or wrong (checklist TOKEN-09). */
export function verifyCodeVerifier(verifier: string | undefined, challenge: string): void {
  if (verifier === undefined || verifier === '') throw new OAuthError('invalid_grant', 'code_verifier is required');
  if (!CODE_VERIFIER.test(verifier)) {
    throw new OAuthError('invalid_grant', 'code_verifier must be 43 to 128 unreserved characters');
  }
  const computed = Buffer.from(createHash('sha256').update(verifier, 'ascii').digest('base64url'));
  const expected = Buffer.from(challenge);
  if (computed.length !== expected.length || !timingSafeEqual(computed, expected)) {
    throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge');
  }
}
