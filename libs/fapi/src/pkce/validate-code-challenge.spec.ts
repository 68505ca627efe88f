import { OAuthError } from '@ofs/oauth';
import { validateCodeChallenge } from './validate-code-challenge';

const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'; // RFC 7636 Appendix B

function refusal(challenge: string | undefined, method: string | undefined): OAuthError {
  try {
    validateCodeChallenge(challenge, method);
  } catch (e) {
    if (e instanceof OAuthError) return e;
    throw e;
  }
  throw new Error('the code challenge was accepted');
}

describe('validateCodeChallenge: RFC 7636 §4.2-4.3, FAPI2-SP 5.3.2.2-5 at PAR', () => {
  it.each([
    ['RFC 7636 Appendix B S256 challenge', CHALLENGE],
    ['any 43 base64url characters', 'A'.repeat(42) + '_'],
  ])('accepts %s', (_name, challenge) => {
    expect(() => validateCodeChallenge(challenge, 'S256')).not.toThrow();
  });

  it.each([
    ['PAR-12: no code_challenge', undefined, 'S256', 'code_challenge is required'],
    ['PAR-12: empty code_challenge', '', 'S256', 'code_challenge is required'],
    ['PAR-13: method plain', CHALLENGE, 'plain', 'code_challenge_method must be S256'],
    [
      'PAR-13: no method (defaults to plain)',
      CHALLENGE,
      undefined,
      'code_challenge_method is required and must be S256',
    ],
    ['PAR-13: method in other case', CHALLENGE, 's256', 'code_challenge_method must be S256'],
    ['PAR-13: unknown method', CHALLENGE, 'S512', 'code_challenge_method must be S256'],
    ['PAR-13: 42 characters', CHALLENGE.slice(1), 'S256', 'code_challenge must be 43 base64url characters (S256)'],
    ['PAR-13: 44 characters', CHALLENGE + 'A', 'S256', 'code_challenge must be 43 base64url characters (S256)'],
    ['PAR-13: padded', CHALLENGE.slice(1) + '=', 'S256', 'code_challenge must be 43 base64url characters (S256)'],
    [
      'PAR-13: base64 not base64url',
      CHALLENGE.replace('-', '+'),
      'S256',
      'code_challenge must be 43 base64url characters (S256)',
    ],
    [
      'PAR-13: a plain verifier (unreserved ~)',
      '~'.repeat(43),
      'S256',
      'code_challenge must be 43 base64url characters (S256)',
    ],
  ])('%s → 400 invalid_request', (_name, challenge, method, description) => {
    const error = refusal(challenge, method);
    expect(error).toMatchObject({ error: 'invalid_request', status: 400, description });
  });
});
