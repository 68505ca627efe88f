import { createHash } from 'node:crypto';
import { OAuthError } from '@ofs/oauth';
import { verifyCodeVerifier } from './verify-code-verifier';

const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'; // RFC 7636 Appendix B
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

function refusal(verifier: string | undefined, challenge: string): OAuthError {
  try {
    verifyCodeVerifier(verifier, challenge);
  } catch (e) {
    if (e instanceof OAuthError) return e;
    throw e;
  }
  throw new Error('the code verifier was accepted');
}

describe('verifyCodeVerifier: RFC 7636 §4.1 and §4.6 at the token endpoint (TOKEN-09)', () => {
  it.each([
    ['RFC 7636 Appendix B', VERIFIER, CHALLENGE],
    ['43 unreserved characters, all kinds', 'aZ09-._~'.repeat(5) + 'abc', s256('aZ09-._~'.repeat(5) + 'abc')],
    ['128 characters', 'v'.repeat(128), s256('v'.repeat(128))],
  ])('accepts %s', (_name, verifier, challenge) => {
    expect(() => verifyCodeVerifier(verifier, challenge)).not.toThrow();
  });

  it.each([
    ['TOKEN-09 / suite 71: no code_verifier', undefined, CHALLENGE, 'code_verifier is required'],
    ['TOKEN-09: empty code_verifier', '', CHALLENGE, 'code_verifier is required'],
    [
      'TOKEN-09 / suite 72: another verifier',
      'x'.repeat(43),
      CHALLENGE,
      'code_verifier does not match the code_challenge',
    ],
    [
      'TOKEN-09: the challenge sent as verifier (plain)',
      CHALLENGE,
      CHALLENGE,
      'code_verifier does not match the code_challenge',
    ],
    [
      'TOKEN-09: 42 characters',
      'v'.repeat(42),
      s256('v'.repeat(42)),
      'code_verifier must be 43 to 128 unreserved characters',
    ],
    [
      'TOKEN-09: 129 characters',
      'v'.repeat(129),
      s256('v'.repeat(129)),
      'code_verifier must be 43 to 128 unreserved characters',
    ],
    [
      'TOKEN-09: reserved character',
      'v'.repeat(42) + '+',
      s256('v'.repeat(42) + '+'),
      'code_verifier must be 43 to 128 unreserved characters',
    ],
    [
      'TOKEN-09: non-ASCII',
      'v'.repeat(42) + 'é',
      s256('v'.repeat(42) + 'é'),
      'code_verifier must be 43 to 128 unreserved characters',
    ],
    [
      'stored challenge of another length',
      VERIFIER,
      CHALLENGE + 'A',
      'code_verifier does not match the code_challenge',
    ],
  ])('%s → 400 invalid_grant', (_name, verifier, challenge, description) => {
    expect(refusal(verifier, challenge)).toMatchObject({ error: 'invalid_grant', status: 400, description });
  });
});
