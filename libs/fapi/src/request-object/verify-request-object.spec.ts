import {
  exportJWK,
  generateKeyPair,
  generateSecret,
  SignJWT,
  UnsecuredJWT,
  type CryptoKey,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose';
import { OAuthError } from '@ofs/oauth';
import { verifyRequestObject, type VerifyRequestObjectInput } from './verify-request-object';

const ISSUER = 'https://as.sandbox.example/obgeneric/gobank';
const NOW = new Date('2026-09-01T10:00:00Z');
const now = NOW.getTime() / 1000;

interface Signer {
  alg: string;
  key: CryptoKey | Uint8Array;
  kid?: string;
}

const signers = {} as Record<'ES256' | 'PS256' | 'EdDSA' | 'RS256' | 'HS256' | 'client2', Signer>;
let jwks: JSONWebKeySet;

beforeAll(async () => {
  jwks = { keys: [] };
  // RS256 is registered too, so that only the algorithm rule can refuse it (suite 34).
  for (const alg of ['ES256', 'PS256', 'EdDSA', 'RS256'] as const) {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    signers[alg] = { alg, key: privateKey, kid: `client-1-${alg}` };
    jwks.keys.push({ ...(await exportJWK(publicKey)), kid: `client-1-${alg}` });
  }
  signers.HS256 = { alg: 'HS256', key: await generateSecret('HS256', { extractable: true }), kid: 'client-1-ES256' };
  const other = await generateKeyPair('ES256', { extractable: true });
  signers.client2 = { alg: 'ES256', key: other.privateKey, kid: 'client-1-ES256' };
});

/** The OIDF suite's signed PAR (§1.3): every parameter plus aud, iss, client_id, nbf = now, exp = now + 300. */
function claims(overrides: Record<string, unknown> = {}): JWTPayload {
  const merged: Record<string, unknown> = {
    iss: 'client-1',
    aud: ISSUER,
    client_id: 'client-1',
    nbf: now,
    exp: now + 300,
    response_type: 'code',
    redirect_uri: 'https://tpp.example/cb',
    scope: 'openid accounts',
    state: 'st',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    ...overrides,
  };
  for (const name of Object.keys(merged)) if (merged[name] === undefined) delete merged[name];
  return merged;
}

function sign(
  payload: JWTPayload = claims(),
  signer: Signer = signers.PS256,
  header: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: signer.alg, typ: 'oauth-authz-req+jwt', kid: signer.kid, ...header })
    .sign(signer.key);
}

function verify(request: string, input: Partial<VerifyRequestObjectInput> = {}) {
  return verifyRequestObject({ request, issuer: ISSUER, clientId: 'client-1', keys: { jwks }, now: NOW, ...input });
}

async function rejection(promise: Promise<unknown>): Promise<OAuthError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof OAuthError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

function corruptSignature(jwt: string): string {
  const [header, payload, signature] = jwt.split('.');
  const i = Math.floor(signature!.length / 2);
  return `${header}.${payload}.${signature!.slice(0, i)}${signature![i] === 'A' ? 'B' : 'A'}${signature!.slice(i + 1)}`;
}

describe('signed request objects at PAR (RFC 9101, FAPI 2.0 Message Signing 5.3.1)', () => {
  describe('PAR-21: accepted', () => {
    it.each<[string, () => Promise<string>]>([
      ['PS256, typ oauth-authz-req+jwt', () => sign()],
      ['ES256', () => sign(claims(), signers.ES256)],
      ['EdDSA', () => sign(claims(), signers.EdDSA)],
      [
        'suite 4: aud an array holding the issuer and junk',
        () => sign(claims({ aud: [ISSUER, 'https://other1.example.com', 'invalid'] })),
      ],
      ['suite 11: nbf 8 s in the future', () => sign(claims({ nbf: now + 8 }))],
      ['an extra iat, no jti', () => sign(claims({ iat: now }))],
      ['typ absent', () => sign(claims(), signers.PS256, { typ: undefined })],
      ['typ in mixed case (client2 of the suite)', () => sign(claims(), signers.PS256, { typ: 'OautH-auThZ-REQ+jWt' })],
      ['exp exactly 60 minutes after nbf', () => sign(claims({ exp: now + 3600 }))],
      ['nbf exactly 60 minutes ago', () => sign(claims({ nbf: now - 3600, exp: now }))],
    ])('%s', async (_name, build) => {
      await expect(verify(await build())).resolves.toMatchObject({ client_id: 'client-1', state: 'st' });
    });

    it('returns the parameters only, structured ones as a form carries them', async () => {
      const details = [{ type: 'account_information', permissions: ['ReadBalances'] }];
      const params = await verify(
        await sign(
          claims({ iat: now, jti: 'j', authorization_details: details, max_age: 300, claims: { id_token: {} } }),
        ),
      );
      expect(params).toEqual({
        client_id: 'client-1',
        response_type: 'code',
        redirect_uri: 'https://tpp.example/cb',
        scope: 'openid accounts',
        state: 'st',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
        authorization_details: JSON.stringify(details),
        max_age: '300',
        claims: '{"id_token":{}}',
      });
    });

    it('a registered request_object_signing_alg is the only one accepted', async () => {
      await expect(verify(await sign(claims(), signers.ES256), { registeredAlg: 'ES256' })).resolves.toBeDefined();
      const error = await rejection(verify(await sign(), { registeredAlg: 'ES256' }));
      expect(error.description).toBe('request object alg PS256 is not allowed, use one of ES256');
    });
  });

  describe('PAR-20: refused with 400 invalid_request_object naming the broken claim', () => {
    it.each<[string, () => Promise<string>, string | RegExp]>([
      ['not a JWT', () => Promise.resolve('not-a-jwt'), 'request is not a signed JWT'],
      [
        'a JWE (five parts)',
        () => Promise.resolve('a.b.c.d.e'),
        'encrypted request objects are not supported, sign it (JWS)',
      ],
      ['garbage in three parts', () => Promise.resolve('a.b.c'), 'request is not a well-formed JWT'],
      ['suite 34: alg RS256', () => sign(claims(), signers.RS256), /^request object alg RS256 is not allowed/],
      ['alg HS256', () => sign(claims(), signers.HS256), /^request object alg HS256 is not allowed/],
      [
        'suite 35: alg none',
        () => Promise.resolve(new UnsecuredJWT(claims()).encode()),
        /^request object alg none is not allowed/,
      ],
      [
        'typ JWT (another kind of token)',
        () => sign(claims(), signers.PS256, { typ: 'JWT' }),
        'request object typ must be oauth-authz-req+jwt',
      ],
      [
        'suite 36: corrupted signature',
        async () => corruptSignature(await sign()),
        'request object signature is invalid',
      ],
      [
        "suite 37: signed with another client's key under this client's kid",
        () => sign(claims(), signers.client2),
        'request object signature is invalid',
      ],
      [
        'signed with a key the client never registered',
        () => sign(claims(), { ...signers.client2, kid: 'unknown' }),
        'no registered key of the client matches the request object',
      ],
      ['no iss', () => sign(claims({ iss: undefined })), 'request object has no iss'],
      ['iss another client', () => sign(claims({ iss: 'client-2' })), 'request object iss must be the client_id'],
      ['no client_id', () => sign(claims({ client_id: undefined })), 'request object has no client_id'],
      [
        'RFC 9126 §3: client_id another client',
        () => sign(claims({ client_id: 'client-2' })),
        'request object client_id does not match the authenticated client',
      ],
      ['no aud', () => sign(claims({ aud: undefined })), 'request object has no aud'],
      [
        'suite 29: a foreign aud',
        () => sign(claims({ aud: 'https://www.other1.example.com/' })),
        'request object aud must be or contain the issuer',
      ],
      [
        'aud the PAR endpoint URL',
        () => sign(claims({ aud: `${ISSUER}/par` })),
        'request object aud must be or contain the issuer',
      ],
      ['suite 24: no exp', () => sign(claims({ exp: undefined })), 'request object has no exp'],
      ['exp not a number', () => sign(claims({ exp: 'soon' })), 'request object exp must be a number'],
      [
        'suite 28: exp in the past',
        () => sign(claims({ nbf: now - 600, exp: now - 60 })),
        'request object exp is in the past',
      ],
      ['suite 25: no nbf', () => sign(claims({ nbf: undefined })), 'request object has no nbf'],
      ['nbf 11 s in the future', () => sign(claims({ nbf: now + 11 })), 'request object nbf is in the future'],
      [
        'suite 32: nbf 70 minutes ago',
        () => sign(claims({ nbf: now - 70 * 60, exp: now + 60 })),
        'request object nbf is more than 60 minutes in the past',
      ],
      [
        'suite 30: exp 70 minutes after nbf',
        () => sign(claims({ exp: now + 70 * 60 })),
        'request object exp is more than 60 minutes after nbf',
      ],
      [
        'suite 74: a request_uri inside',
        () => sign(claims({ request_uri: 'urn:ietf:params:oauth:request_uri:x' })),
        'request object must not contain request_uri',
      ],
      ['a request inside', () => sign(claims({ request: 'a.b.c' })), 'request object must not contain request'],
      [
        'a parameter that is not a string',
        () => sign(claims({ state: 7 })),
        'request object claim state must be a string',
      ],
      [
        'authorization_details not an array',
        () => sign(claims({ authorization_details: { type: 'account_information' } })),
        'request object claim authorization_details has the wrong type',
      ],
    ])('%s', async (_name, build, description) => {
      const error = await rejection(verify(await build()));
      expect(error).toMatchObject({ error: 'invalid_request_object', status: 400 });
      expect(error.description).toEqual(
        typeof description === 'string' ? description : expect.stringMatching(description),
      );
    });

    it('a client without registered keys cannot sign one', async () => {
      const error = await rejection(verify(await sign(), { keys: null }));
      expect(error).toMatchObject({
        error: 'invalid_request_object',
        description: 'the client registered no keys to verify a request object with',
      });
    });
  });
});
