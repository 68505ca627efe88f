import { OAuthError } from '@ofs/oauth';
import { assertFapiAlg, FAPI_SIGNING_ALGS, isFapiSigningAlg } from './algorithms';

describe('FAPI2-SP 5.4.1 signing algorithms (DISC-11, DISC-12, TOKEN-12, TOKEN-16)', () => {
  it('allows exactly PS256, ES256 and EdDSA', () => {
    expect(FAPI_SIGNING_ALGS).toEqual(['PS256', 'ES256', 'EdDSA']);
  });

  it.each(['PS256', 'ES256', 'EdDSA'])('accepts %s', (alg) => {
    expect(isFapiSigningAlg(alg)).toBe(true);
    expect(() => assertFapiAlg(alg, 'invalid_client', 'client assertion')).not.toThrow();
  });

  it.each([
    ['none', 'alg none is not allowed'],
    ['HS256', 'alg HS256 is not allowed'],
    ['RS256', 'alg RS256 is not allowed'],
    ['ES384', 'alg ES384 is not allowed'],
    ['ps256', 'alg ps256 is not allowed'],
    ['Ed25519', 'alg Ed25519 is not allowed'],
    [undefined, 'has no alg'],
    [42, 'alg 42 is not allowed'],
  ])('refuses %p with the given error code', (alg, problem) => {
    expect(isFapiSigningAlg(alg)).toBe(false);
    let error: unknown;
    try {
      assertFapiAlg(alg, 'invalid_dpop_proof', 'DPoP proof');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ error: 'invalid_dpop_proof', status: 400 });
    expect((error as OAuthError).description).toBe(`DPoP proof ${problem}, use one of PS256, ES256, EdDSA`);
  });

  it('narrows to a configured subset', () => {
    expect(() => assertFapiAlg('PS256', 'invalid_client', 'client assertion', ['ES256'])).toThrow(
      'client assertion alg PS256 is not allowed, use one of ES256',
    );
    expect(() => assertFapiAlg('ES256', 'invalid_client', 'client assertion', ['ES256'])).not.toThrow();
  });
});
