import { decodeProtectedHeader, generateKeyPair, jwtVerify } from 'jose';
import { isJarmResponseMode, JARM_LIFETIME_SEC, signJarmResponse } from './jarm-response';

describe('JARM §2.1 / FAPI2-MS 5.4 authorization responses (AUTHZ-17)', () => {
  const now = new Date('2026-09-01T10:00:00Z');

  it.each([
    ['jwt', true],
    ['query.jwt', true],
    ['query', false],
    ['fragment.jwt', false],
    ['form_post.jwt', false],
    [undefined, false],
  ])('response_mode %s is a JARM mode here: %s', (mode, jarm) => {
    expect(isJarmResponseMode(mode)).toBe(jarm);
  });

  it.each(['PS256', 'ES256', 'EdDSA'] as const)(
    '%s: iss, aud = client_id, iat, exp ≤ 10 min, the response values; kid in the header',
    async (alg) => {
      const { privateKey, publicKey } = await generateKeyPair(alg);
      const jwt = await signJarmResponse({
        issuer: 'https://as.example/obgeneric/gobank',
        clientId: 'client-1',
        values: { code: 'c0de', state: 'st', error: undefined },
        now,
        key: { alg, kid: 'k1', key: privateKey },
      });
      expect(decodeProtectedHeader(jwt)).toEqual({ alg, kid: 'k1' });
      const { payload } = await jwtVerify(jwt, publicKey, {
        issuer: 'https://as.example/obgeneric/gobank',
        audience: 'client-1',
        currentDate: now,
      });
      const iat = now.getTime() / 1000;
      expect(payload).toEqual({
        iss: 'https://as.example/obgeneric/gobank',
        aud: 'client-1',
        iat,
        exp: iat + JARM_LIFETIME_SEC,
        code: 'c0de',
        state: 'st',
      });
      expect(JARM_LIFETIME_SEC).toBeLessThanOrEqual(600);
    },
  );

  it('an error response: error, error_description and state, no code', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwt = await signJarmResponse({
      issuer: 'https://as.example/i',
      clientId: 'client-1',
      values: { error: 'access_denied', error_description: 'The user rejected the request', state: 's' },
      now,
      key: { alg: 'ES256', kid: 'k', key: privateKey },
    });
    const { payload } = await jwtVerify(jwt, publicKey, { currentDate: now });
    expect(payload).toMatchObject({
      error: 'access_denied',
      error_description: 'The user rejected the request',
      state: 's',
    });
    expect(payload.code).toBeUndefined();
  });
});
