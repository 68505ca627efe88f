import { randomUUID } from 'node:crypto';
import {
  createRemoteJWKSet,
  customFetch,
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
import { InMemoryReplayStore, type ReplayStore } from '../replay-store';
import { JWT_BEARER_CLIENT_ASSERTION_TYPE } from './client-assertion-context';
import { verifyClientAssertion, type VerifyClientAssertionInput } from './verify-client-assertion';

const ISSUER = 'https://as.sandbox.example';
const TOKEN_URL = `${ISSUER}/token`;
const PAR_URL = `${ISSUER}/par`;
const NOW = new Date('2026-09-01T10:00:00Z');
const now = NOW.getTime() / 1000;

interface Signer {
  alg: string;
  key: CryptoKey | Uint8Array;
  kid?: string;
}
type SignerName = 'ES256' | 'PS256' | 'EdDSA' | 'RS256' | 'HS256' | 'client2';
const signers = {} as Record<SignerName, Signer>;
const registered: Record<string, JSONWebKeySet> = {};

beforeAll(async () => {
  registered['client-1'] = { keys: [] };
  // RS256 is registered too, so that only the algorithm rule can refuse it.
  for (const alg of ['ES256', 'PS256', 'EdDSA', 'RS256'] as const) {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    signers[alg] = { alg, key: privateKey, kid: `client-1-${alg}` };
    registered['client-1'].keys.push({ ...(await exportJWK(publicKey)), kid: `client-1-${alg}` });
  }
  signers.HS256 = { alg: 'HS256', key: await generateSecret('HS256', { extractable: true }), kid: 'client-1-ES256' };
  const other = await generateKeyPair('ES256', { extractable: true });
  signers.client2 = { alg: 'ES256', key: other.privateKey, kid: 'client-2-ES256' };
  registered['client-2'] = { keys: [{ ...(await exportJWK(other.publicKey)), kid: 'client-2-ES256' }] };
});

/** The OIDF suite's assertion (§1.3): iss = sub = client_id, aud = issuer, jti, iat = nbf = now, exp = now + 60. */
function claims(overrides: Record<string, unknown> = {}): JWTPayload {
  const merged: Record<string, unknown> = {
    iss: 'client-1',
    sub: 'client-1',
    aud: ISSUER,
    jti: randomUUID(),
    iat: now,
    nbf: now,
    exp: now + 60,
    ...overrides,
  };
  for (const name of Object.keys(merged)) if (merged[name] === undefined) delete merged[name];
  return merged;
}

function sign(payload: JWTPayload = claims(), signer: Signer = signers.ES256): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: signer.alg, ...(signer.kid ? { kid: signer.kid } : {}) })
    .sign(signer.key);
}

function corruptSignature(jwt: string): string {
  const [header, payload, signature] = jwt.split('.');
  const i = Math.floor(signature!.length / 2);
  const flipped = signature![i] === 'A' ? 'B' : 'A';
  return `${header}.${payload}.${signature!.slice(0, i)}${flipped}${signature!.slice(i + 1)}`;
}

function verify(assertion: string | undefined, input: Partial<VerifyClientAssertionInput> = {}) {
  return verifyClientAssertion({
    assertion,
    assertionType: JWT_BEARER_CLIENT_ASSERTION_TYPE,
    issuer: ISSUER,
    getClientKeys: (clientId) => Promise.resolve(registered[clientId] ? { jwks: registered[clientId] } : null),
    now: NOW,
    replay: new InMemoryReplayStore(() => NOW),
    ...input,
  });
}

async function rejection(promise: Promise<unknown>): Promise<OAuthError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof OAuthError) return e;
    throw e;
  }
  throw new Error('the client assertion was accepted');
}

type Case = () => Promise<{ assertion: string | undefined; input?: Partial<VerifyClientAssertionInput> }>;
const signed =
  (overrides: Record<string, unknown> = {}, signer?: SignerName): Case =>
  async () => ({ assertion: await sign(claims(overrides), signer && signers[signer]) });

describe('verifyClientAssertion: RFC 7523 §3, RFC 7521 §4.2, FAPI2-SP 5.3.2.1 private_key_jwt', () => {
  describe('accepts', () => {
    it.each<[string, Case, string | undefined]>([
      ['PAR-01 / TOKEN-01: suite baseline, ES256, no client_id parameter', signed(), 'client-1-ES256'],
      ['FAPI2-SP 5.4.1: PS256', signed({}, 'PS256'), 'client-1-PS256'],
      ['FAPI2-SP 5.4.1: EdDSA (Ed25519)', signed({}, 'EdDSA'), 'client-1-EdDSA'],
      [
        'PAR-10: client_id parameter equal to sub (oauth4webapi shape)',
        async () => ({ assertion: await sign(), input: { clientIdParam: 'client-1' } }),
        'client-1-ES256',
      ],
      [
        'PAR-08 / suite 65: iat = nbf = now + 8',
        signed({ iat: now + 8, nbf: now + 8, exp: now + 68 }),
        'client-1-ES256',
      ],
      ['FAPI2-SP 5.3.2.1-13: iat = nbf = now + 10 (edge)', signed({ iat: now + 10, nbf: now + 10 }), 'client-1-ES256'],
      ['RFC 7523 §3: without iat and nbf (optional)', signed({ iat: undefined, nbf: undefined }), 'client-1-ES256'],
      ['exp = now + 300, the longest lifetime', signed({ exp: now + 300 }), 'client-1-ES256'],
      [
        'exp 9 s ago, within the clock tolerance',
        signed({ iat: now - 69, nbf: now - 69, exp: now - 9 }),
        'client-1-ES256',
      ],
      [
        'no kid: the key is found by its type',
        async () => ({ assertion: await sign(claims(), { ...signers.ES256, kid: undefined }) }),
        undefined,
      ],
    ])('%s', async (_name, build, kid) => {
      const { assertion, input } = await build();
      const payload = JSON.parse(Buffer.from(assertion!.split('.')[1]!, 'base64url').toString()) as JWTPayload;

      await expect(verify(assertion, input)).resolves.toEqual({
        clientId: 'client-1',
        jti: payload.jti,
        exp: payload.exp,
        ...(kid ? { kid } : {}),
      });
    });

    it('a key rotation without kids: each matching key is tried (jose JWKSMultipleMatchingKeys)', async () => {
      const [oldKey, newKey] = [await generateKeyPair('ES256'), await generateKeyPair('ES256')];
      const jwks = { keys: [await exportJWK(oldKey.publicKey), await exportJWK(newKey.publicKey)] };
      const getClientKeys = () => Promise.resolve({ jwks });

      const signedByNew = await sign(claims(), { alg: 'ES256', key: newKey.privateKey });
      const signedByNeither = await sign(claims(), { alg: 'ES256', key: signers.client2.key });

      await expect(verify(signedByNew, { getClientKeys })).resolves.toMatchObject({ clientId: 'client-1' });
      await expect(rejection(verify(signedByNeither, { getClientKeys }))).resolves.toMatchObject({
        error: 'invalid_client',
        status: 401,
        description: 'client assertion signature is invalid',
      });
    });

    it('jwks_uri: keys from an injected resolver (createRemoteJWKSet over a stubbed fetch)', async () => {
      const fetched: string[] = [];
      const getKey = createRemoteJWKSet(new URL('https://tpp.example/jwks'), {
        [customFetch]: (url: string) => {
          fetched.push(String(url));
          return Promise.resolve(Response.json(registered['client-1']));
        },
      });

      const result = await verify(await sign(claims(), signers.PS256), {
        getClientKeys: () => Promise.resolve({ getKey }),
      });

      expect(result.clientId).toBe('client-1');
      expect(fetched).toEqual(['https://tpp.example/jwks']);
    });
  });

  describe('refuses with 401 invalid_client', () => {
    it.each<[string, Case, string | RegExp]>([
      [
        'TOKEN-12 / PAR-06 / suite 52: no client_assertion',
        () => Promise.resolve({ assertion: undefined }),
        'client_assertion is missing',
      ],
      [
        'RFC 7521 §4.2: no client_assertion_type',
        async () => ({ assertion: await sign(), input: { assertionType: undefined } }),
        'client_assertion_type is missing',
      ],
      [
        'RFC 7521 §4.2: a SAML client_assertion_type',
        async () => ({
          assertion: await sign(),
          input: { assertionType: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer' },
        }),
        `client_assertion_type must be ${JWT_BEARER_CLIENT_ASSERTION_TYPE}`,
      ],
      [
        'RFC 7523 §3 (8): not a JWT',
        () => Promise.resolve({ assertion: 'not-a-jwt' }),
        'client_assertion is not a well-formed JWT',
      ],
      ['TOKEN-12 / suite 51: alg RS256', signed({}, 'RS256'), /^client assertion alg RS256 is not allowed/],
      ['TOKEN-12 / PAR-09: alg HS256', signed({}, 'HS256'), /^client assertion alg HS256 is not allowed/],
      [
        'TOKEN-12 / PAR-09: alg none',
        () => Promise.resolve({ assertion: new UnsecuredJWT(claims()).encode() }),
        /^client assertion alg none is not allowed/,
      ],
      [
        'TOKEN-12 / PAR-09: corrupted signature',
        async () => ({ assertion: corruptSignature(await sign()) }),
        'client assertion signature is invalid',
      ],
      [
        "PAR-09 / suite 37: signed with client-2's key under client-1's kid",
        async () => ({ assertion: await sign(claims(), { ...signers.client2, kid: 'client-1-ES256' }) }),
        'client assertion signature is invalid',
      ],
      [
        'PAR-09: signed with a key client-1 never registered',
        signed({}, 'client2'),
        'no registered key of the client matches the client assertion',
      ],
      [
        'TOKEN-12 / suite 53: exp 5 minutes in the past',
        signed({ iat: now - 360, nbf: now - 360, exp: now - 300 }),
        'client assertion is expired',
      ],
      [
        'TOKEN-12: exp 10 s in the past (tolerance used up)',
        signed({ iat: now - 70, nbf: now - 70, exp: now - 10 }),
        'client assertion is expired',
      ],
      ['RFC 7523 §3 (4): no exp', signed({ exp: undefined }), 'client assertion has no exp'],
      ['RFC 7523 §3 (4): exp not a number', signed({ exp: 'tomorrow' }), 'client assertion exp must be a number'],
      [
        'bounded lifetime: exp an hour away',
        signed({ exp: now + 3600 }),
        'client assertion exp is more than 300 seconds away',
      ],
      [
        'TOKEN-12 / suite 54: foreign aud',
        signed({ aud: 'https://other.example' }),
        'client assertion aud must be the issuer identifier',
      ],
      [
        'PAR-07(b) / suite 77: aud = PAR endpoint URL',
        signed({ aud: PAR_URL }),
        'client assertion aud must be the issuer identifier',
      ],
      [
        'PAR-07(c) / suite 78: aud = token endpoint URL',
        signed({ aud: TOKEN_URL }),
        'client assertion aud must be the issuer identifier',
      ],
      [
        'PAR-07(d) / suite 76: aud = [issuer, token endpoint URL]',
        signed({ aud: [ISSUER, TOKEN_URL] }),
        'client assertion aud must be the issuer identifier as a string, not an array',
      ],
      [
        'FAPI2-SP 5.3.2.1-8: aud = [issuer]',
        signed({ aud: [ISSUER] }),
        'client assertion aud must be the issuer identifier as a string, not an array',
      ],
      [
        'aud = issuer with a trailing slash',
        signed({ aud: `${ISSUER}/` }),
        'client assertion aud must be the issuer identifier',
      ],
      ['RFC 7523 §3 (3): no aud', signed({ aud: undefined }), 'client assertion has no aud'],
      ['TOKEN-12 / suite 55: no sub', signed({ sub: undefined }), 'client assertion has no sub'],
      ['TOKEN-12: no iss', signed({ iss: undefined }), 'client assertion has no iss'],
      [
        'TOKEN-12 (FAPI1 wrong iss): iss is another client',
        signed({ iss: 'client-2' }),
        'client assertion iss and sub must both be the client_id',
      ],
      [
        'TOKEN-12 (FAPI1 wrong sub): iss = sub = client-2, signed by client-1',
        signed({ iss: 'client-2', sub: 'client-2' }),
        'no registered key of the client matches the client assertion',
      ],
      [
        'PAR-10 / TOKEN-08: client_id parameter is another client',
        async () => ({ assertion: await sign(), input: { clientIdParam: 'client-2' } }),
        'client_id does not match the client assertion sub',
      ],
      ['unknown client', signed({ iss: 'nobody', sub: 'nobody' }), 'unknown client'],
      [
        'PAR-08 / suite 66: iat, nbf and exp shifted by +62 s',
        signed({ iat: now + 62, nbf: now + 62, exp: now + 122 }),
        /^client assertion (nbf|iat) is in the future$/,
      ],
      [
        'FAPI2-SP 5.3.2.1-13: iat 11 s in the future',
        signed({ iat: now + 11, nbf: undefined }),
        'client assertion iat is in the future',
      ],
      [
        'FAPI2-SP 5.3.2.1-13: nbf 11 s in the future',
        signed({ iat: undefined, nbf: now + 11 }),
        'client assertion nbf is in the future',
      ],
      [
        'RFC 7523 §3 (6): iat an hour ago',
        signed({ iat: now - 3600, nbf: undefined }),
        'client assertion iat is more than 300 seconds ago',
      ],
      ['RFC 7523 §3 (7): no jti', signed({ jti: undefined }), 'client assertion has no jti'],
      ['RFC 7523 §3 (7): empty jti', signed({ jti: '' }), 'client assertion has no jti'],
    ])('%s', async (_name, build, description) => {
      const { assertion, input } = await build();

      const error = await rejection(verify(assertion, input));

      expect(error).toMatchObject({ error: 'invalid_client', status: 401 });
      expect(error.description).toEqual(
        typeof description === 'string' ? description : expect.stringMatching(description),
      );
    });

    it('keeps the jose error for the logs, not in the description', async () => {
      const error = await rejection(verify(corruptSignature(await sign())));

      expect(error.detail).toMatch(/^ERR_JWS_SIGNATURE_VERIFICATION_FAILED: /);
      expect(error.toJSON()).toEqual({
        error: 'invalid_client',
        error_description: 'client assertion signature is invalid',
      });
    });
  });

  describe('RFC 7523 §3 (7) jti replay (TOKEN-12, PAR-09)', () => {
    it('refuses a replayed jti within its lifetime', async () => {
      const replay = new InMemoryReplayStore(() => NOW);
      const assertion = await sign();
      await verify(assertion, { replay });

      const error = await rejection(verify(assertion, { replay }));

      expect(error).toMatchObject({
        error: 'invalid_client',
        status: 401,
        description: 'client assertion jti already used',
      });
    });

    it('scopes jti per client: client-2 may use a jti client-1 used', async () => {
      const replay = new InMemoryReplayStore(() => NOW);
      await verify(await sign(claims({ jti: 'same' })), { replay });

      const second = await verify(
        await sign(claims({ iss: 'client-2', sub: 'client-2', jti: 'same' }), signers.client2),
        {
          replay,
        },
      );

      expect(second).toMatchObject({ clientId: 'client-2', jti: 'same' });
    });

    it('does not use up the jti of a refused assertion', async () => {
      const replay = new InMemoryReplayStore(() => NOW);
      await rejection(verify(await sign(claims({ jti: 'j1', aud: TOKEN_URL })), { replay }));
      await rejection(verify(corruptSignature(await sign(claims({ jti: 'j1' }))), { replay }));

      await expect(verify(await sign(claims({ jti: 'j1' })), { replay })).resolves.toMatchObject({ jti: 'j1' });
    });

    it('remembers the jti until exp plus the clock tolerance, under a hashed, client-scoped key', async () => {
      const calls: [string, Date][] = [];
      const replay: ReplayStore = {
        consume: (key, expiresAt) => {
          calls.push([key, expiresAt]);
          return Promise.resolve(true);
        },
      };

      await verify(await sign(claims({ jti: 'my-jti', exp: now + 60 })), { replay });

      expect(calls).toHaveLength(1);
      expect(calls[0]![0]).toMatch(/^client_assertion:[A-Za-z0-9_-]{43}$/);
      expect(calls[0]![1]).toEqual(new Date((now + 60 + 10 + 1) * 1000));
    });
  });

  it('lets a failing client store surface as a server error, not invalid_client', async () => {
    const failure = new Error('database is down');

    await expect(verify(await sign(), { getClientKeys: () => Promise.reject(failure) })).rejects.toBe(failure);
  });
});
