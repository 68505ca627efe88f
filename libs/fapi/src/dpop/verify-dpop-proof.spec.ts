import { createHash, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, generateSecret, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { OAuthError } from '@ofs/oauth';
import { InMemoryReplayStore, type ReplayStore } from '../replay-store';
import { DpopNonceService } from './dpop-nonce';
import { verifyDpopProof, type VerifyDpopProofInput } from './verify-dpop-proof';

const TOKEN_URL = 'https://as.sandbox.example/token';
const PAR_URL = 'https://as.sandbox.example/par';
const RESOURCE_URL = 'https://bank.sandbox.example/open-banking/accounts';
const ACCESS_TOKEN = 'Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU';
const NOW = new Date('2026-09-01T10:00:00Z');
const now = NOW.getTime() / 1000;

interface Signer {
  alg: string;
  key: CryptoKey | Uint8Array;
  jwk: JWK;
  privateJwk?: JWK;
}
type SignerName = 'ES256' | 'PS256' | 'EdDSA' | 'RS256' | 'HS256' | 'otherES256';
const signers = {} as Record<SignerName, Signer>;

beforeAll(async () => {
  for (const alg of ['ES256', 'PS256', 'EdDSA', 'RS256'] as const) {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    signers[alg] = { alg, key: privateKey, jwk: await exportJWK(publicKey), privateJwk: await exportJWK(privateKey) };
  }
  const other = await generateKeyPair('ES256', { extractable: true });
  signers.otherES256 = { alg: 'ES256', key: other.privateKey, jwk: await exportJWK(other.publicKey) };
  signers.HS256 = { alg: 'HS256', key: await generateSecret('HS256', { extractable: true }), jwk: signers.ES256.jwk };
});

const clean = <T extends Record<string, unknown>>(o: T): T => {
  for (const name of Object.keys(o)) if (o[name] === undefined) delete o[name];
  return o;
};

interface ProofOptions {
  signer?: SignerName;
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
}

/** The suite's proof (§1.3): typ dpop+jwt, public jwk, jti, iat = now, htm, htu. */
function proof({ signer = 'ES256', header = {}, claims = {} }: ProofOptions = {}): Promise<string> {
  const { alg, key, jwk } = signers[signer];
  const payload = clean({ jti: randomUUID(), htm: 'POST', htu: TOKEN_URL, iat: now, ...claims }) as JWTPayload;
  return new SignJWT(payload)
    .setProtectedHeader(clean({ alg, typ: 'dpop+jwt', jwk, ...header }) as { alg: string })
    .sign(key);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT whose header cannot be produced by SignJWT (no alg, alg none), keeping a real proof's payload. */
async function withRawHeader(header: Record<string, unknown>, signature?: string): Promise<string> {
  const [, payload, realSignature] = (await proof()).split('.');
  return `${b64(header)}.${payload}.${signature ?? realSignature}`;
}

function corruptSignature(jwt: string): string {
  const [header, payload, signature] = jwt.split('.');
  const i = Math.floor(signature!.length / 2);
  return `${header}.${payload}.${signature!.slice(0, i)}${signature![i] === 'A' ? 'B' : 'A'}${signature!.slice(i + 1)}`;
}

const ath = (token: string) => createHash('sha256').update(token).digest('base64url');

/** RFC 7638 §3.2, computed here without jose. */
function thumbprint(jwk: JWK): string {
  const members =
    jwk.kty === 'RSA'
      ? { e: jwk.e, kty: jwk.kty, n: jwk.n }
      : jwk.kty === 'EC'
        ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
        : { crv: jwk.crv, kty: jwk.kty, x: jwk.x };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

function verify(dpop: VerifyDpopProofInput['proof'], input: Partial<VerifyDpopProofInput> = {}) {
  return verifyDpopProof({
    proof: dpop,
    htm: 'POST',
    htu: TOKEN_URL,
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
  throw new Error('the DPoP proof was accepted');
}

type Case = () => Promise<{ dpop: VerifyDpopProofInput['proof']; input?: Partial<VerifyDpopProofInput> }>;
const made =
  (options: ProofOptions = {}, input?: Partial<VerifyDpopProofInput>): Case =>
  async () => ({ dpop: await proof(options), input });
const atResource: Partial<VerifyDpopProofInput> = { htm: 'GET', htu: RESOURCE_URL, accessToken: ACCESS_TOKEN };
const resourceClaims = { htm: 'GET', htu: RESOURCE_URL, ath: ath(ACCESS_TOKEN) };

describe('verifyDpopProof: RFC 9449 §4.3 and FAPI2-SP DPoP rules', () => {
  describe('accepts', () => {
    it.each<[string, Case, SignerName]>([
      ['PAR-17 / TOKEN-01: suite baseline, ES256', made(), 'ES256'],
      ['FAPI2-SP 5.4.1: PS256', made({ signer: 'PS256' }), 'PS256'],
      ['FAPI2-SP 5.4.1: EdDSA (Ed25519)', made({ signer: 'EdDSA' }), 'EdDSA'],
      ['TOKEN-17 / suite 13: iat = now - 10', made({ claims: { iat: now - 10 } }), 'ES256'],
      ['TOKEN-17 / suite 14: iat = now + 8', made({ claims: { iat: now + 8 } }), 'ES256'],
      ['FAPI2-SP 5.3.2.1-13: iat = now + 10 (edge)', made({ claims: { iat: now + 10 } }), 'ES256'],
      ['RFC 9449 §11.1: iat = now - 60 (edge)', made({ claims: { iat: now - 60 } }), 'ES256'],
      [
        'TOKEN-17 / suite 12: also nbf = now and exp = now + 300',
        made({ claims: { nbf: now, exp: now + 300 } }),
        'ES256',
      ],
      ['RS-06: htu with ?query#fragment', made({ claims: { htu: `${TOKEN_URL}?a=b#c` } }), 'ES256'],
      ['RS-06: the request URL has a query', made({}, { htu: `${TOKEN_URL}?x=1` }), 'ES256'],
      [
        'RS-06 [W]: htu with upper-case scheme and host',
        made({ claims: { htu: 'HTTPS://AS.SANDBOX.EXAMPLE/token' } }),
        'ES256',
      ],
      [
        'RS-06 [W]: htu with the default port :443',
        made({ claims: { htu: 'https://as.sandbox.example:443/token' } }),
        'ES256',
      ],
      [
        'RFC 3986 §6.2.2: htu with a percent-encoded unreserved character',
        made({ claims: { htu: 'https://as.sandbox.example/%7etoken' } }, { htu: 'https://as.sandbox.example/~token' }),
        'ES256',
      ],
      [
        'RS-06: unknown header and claim members',
        made({ header: { kid: 'x', 'x-extra': 1 }, claims: { extra: { nested: true } } }),
        'ES256',
      ],
      ['RFC 7515 §4.1.9: typ compared case-insensitively', made({ header: { typ: 'DPoP+JWT' } }), 'ES256'],
      ['RS-01 / UI-01: at a resource, GET with the right ath', made({ claims: resourceClaims }, atResource), 'ES256'],
      [
        'RS-06 [W]: the header as a one-element array (headersDistinct)',
        async () => ({ dpop: [await proof()] }),
        'ES256',
      ],
      [
        'TOKEN-11 / PAR-17: the key the code is bound to (expectedJkt)',
        async () => ({ dpop: await proof(), input: { expectedJkt: thumbprint(signers.ES256.jwk) } }),
        'ES256',
      ],
      ['TOKEN-16: at the PAR endpoint', made({ claims: { htu: PAR_URL } }, { htu: PAR_URL }), 'ES256'],
    ])('%s', async (_name, build, signer) => {
      const { dpop, input } = await build();
      const compact = typeof dpop === 'string' ? dpop : dpop![0]!;
      const jti = (JSON.parse(Buffer.from(compact.split('.')[1]!, 'base64url').toString()) as JWTPayload).jti;

      await expect(verify(dpop, input)).resolves.toEqual({
        jkt: thumbprint(signers[signer].jwk),
        jti,
        jwk: signers[signer].jwk,
      });
    });
  });

  describe('refuses with 400 invalid_dpop_proof', () => {
    it.each<[string, Case, string | RegExp]>([
      [
        '§4.3 (1) TOKEN-16 / RS-05(a): two DPoP headers',
        async () => ({ dpop: [await proof(), await proof()] }),
        'more than one DPoP header',
      ],
      [
        '§4.3 (1): two DPoP headers joined by Node',
        async () => ({ dpop: `${await proof()}, ${await proof()}` }),
        'more than one DPoP header',
      ],
      ['TOKEN-04 / RS-05(u): no DPoP header', () => Promise.resolve({ dpop: undefined }), 'DPoP proof is missing'],
      ['TOKEN-04: an empty DPoP header', () => Promise.resolve({ dpop: '' }), 'DPoP proof is missing'],
      [
        '§4.3 (2) RS-05(b): not a JWT',
        () => Promise.resolve({ dpop: 'not-a-jwt' }),
        'DPoP proof is not a well-formed JWT',
      ],
      [
        '§4.3 (2): five parts (JWE)',
        () => Promise.resolve({ dpop: 'a.b.c.d.e' }),
        'DPoP proof is not a well-formed JWT',
      ],
      [
        '§4.3 (2): the header is not JSON',
        async () => ({ dpop: `bm90LWpzb24.${(await proof()).split('.').slice(1).join('.')}` }),
        'DPoP proof is not a well-formed JWT',
      ],
      ['§4.3 (3) RS-05(f): no jti', made({ claims: { jti: undefined } }), 'DPoP proof has no jti claim'],
      ['§4.3 (3): jti not a string', made({ claims: { jti: 42 } }), 'DPoP proof jti claim must be a non-empty string'],
      ['§4.3 (3) RS-05(g): no htm', made({ claims: { htm: undefined } }), 'DPoP proof has no htm claim'],
      ['§4.3 (3) RS-05(h): no htu', made({ claims: { htu: undefined } }), 'DPoP proof has no htu claim'],
      ['§4.3 (3) RS-05(i): no iat', made({ claims: { iat: undefined } }), 'DPoP proof has no iat claim'],
      ['§4.3 (3): iat not a number', made({ claims: { iat: String(now) } }), 'DPoP proof iat claim must be a number'],
      [
        '§4.3 (3) RS-05(j): no ath with an access token',
        made({ claims: { ...resourceClaims, ath: undefined } }, atResource),
        'DPoP proof has no ath claim',
      ],
      ['§4.3 (4) RS-05(c): no typ', made({ header: { typ: undefined } }), 'DPoP proof typ header must be dpop+jwt'],
      ['§4.3 (4): typ JWT', made({ header: { typ: 'JWT' } }), 'DPoP proof typ header must be dpop+jwt'],
      [
        '§4.3 (4) RS-05(k): typ dpop+jwt+wrongyousee',
        made({ header: { typ: 'dpop+jwt+wrongyousee' } }),
        'DPoP proof typ header must be dpop+jwt',
      ],
      [
        '§4.3 (5) RS-05(d): no alg',
        async () => ({ dpop: await withRawHeader({ typ: 'dpop+jwt', jwk: signers.ES256.jwk }) }),
        /^DPoP proof has no alg/,
      ],
      ['§4.3 (5) RS-05(l): RS256', made({ signer: 'RS256' }), /^DPoP proof alg RS256 is not allowed/],
      ['§4.3 (5) TOKEN-16: HS256', made({ signer: 'HS256' }), /^DPoP proof alg HS256 is not allowed/],
      [
        '§4.3 (5) RS-05(m): alg none',
        async () => ({ dpop: await withRawHeader({ alg: 'none', typ: 'dpop+jwt', jwk: signers.ES256.jwk }, '') }),
        /^DPoP proof alg none is not allowed/,
      ],
      [
        '§4.3 (5): an alg outside a configured subset',
        made({ signer: 'PS256' }, { allowedAlgs: ['ES256'] }),
        'DPoP proof alg PS256 is not allowed, use one of ES256',
      ],
      [
        '§4.3 (6) RS-05(n): corrupted signature',
        async () => ({ dpop: corruptSignature(await proof()) }),
        'DPoP proof signature is invalid',
      ],
      [
        '§4.3 (6): signed by another key than the jwk header',
        async () => ({ dpop: await proof({ signer: 'otherES256', header: { jwk: signers.ES256.jwk } }) }),
        'DPoP proof signature is invalid',
      ],
      [
        '§4.3 (7) RS-05(o): jwk contains the private key',
        async () => ({ dpop: await proof({ header: { jwk: signers.ES256.privateJwk } }) }),
        'DPoP proof jwk header must be a public key',
      ],
      [
        '§4.3 (7): jwk contains the RSA private key',
        async () => ({ dpop: await proof({ signer: 'PS256', header: { jwk: signers.PS256.privateJwk } }) }),
        'DPoP proof jwk header must be a public key',
      ],
      ['§4.3 (7) RS-05(e): no jwk', made({ header: { jwk: undefined } }), 'DPoP proof has no jwk header'],
      [
        '§4.3 (7): a symmetric jwk',
        made({ header: { jwk: { kty: 'oct', k: 'c2VjcmV0' } } }),
        'DPoP proof jwk header must be a public key',
      ],
      ['§4.3 (7): jwk not an object', made({ header: { jwk: 'key' } }), 'DPoP proof jwk header must be a JSON Web Key'],
      ['§4.3 (8) RS-05(p): htm PUT on a POST', made({ claims: { htm: 'PUT' } }), 'DPoP proof htm must be POST'],
      ['§4.3 (8): htm in lower case', made({ claims: { htm: 'post' } }), 'DPoP proof htm must be POST'],
      [
        '§4.3 (9) RS-05(q): htu with junk appended',
        made({ claims: { htu: `${TOKEN_URL}junk` } }),
        `DPoP proof htu must be ${TOKEN_URL}`,
      ],
      [
        '§4.3 (9) TOKEN-16: htu of another endpoint',
        made({ claims: { htu: PAR_URL } }),
        `DPoP proof htu must be ${TOKEN_URL}`,
      ],
      [
        '§4.3 (9): htu over http',
        made({ claims: { htu: 'http://as.sandbox.example/token' } }),
        `DPoP proof htu must be ${TOKEN_URL}`,
      ],
      [
        '§4.3 (9): htu with another port',
        made({ claims: { htu: 'https://as.sandbox.example:8443/token' } }),
        `DPoP proof htu must be ${TOKEN_URL}`,
      ],
      ['§4.3 (9): htu not a URI', made({ claims: { htu: '/token' } }), 'DPoP proof htu is not an absolute http(s) URI'],
      [
        '§4.3 (11) RS-05(r): iat an hour ago',
        made({ claims: { iat: now - 3600 } }),
        'DPoP proof iat is more than 60 seconds ago',
      ],
      ['§4.3 (11) RS-05(r): iat in an hour', made({ claims: { iat: now + 3600 } }), 'DPoP proof iat is in the future'],
      [
        '§4.3 (11) TOKEN-17: iat 11 s in the future',
        made({ claims: { iat: now + 11 } }),
        'DPoP proof iat is in the future',
      ],
      ['§4.3 (11): iat 61 s ago', made({ claims: { iat: now - 61 } }), 'DPoP proof iat is more than 60 seconds ago'],
      ['§4.3 (11): exp passed', made({ claims: { exp: now - 30 } }), 'DPoP proof is expired'],
      ['§4.3 (11): nbf in the future', made({ claims: { nbf: now + 30 } }), 'DPoP proof nbf is in the future'],
      [
        '§4.3 (12) RS-05(s): wrong ath',
        made({ claims: { ...resourceClaims, ath: ath('another token') } }, atResource),
        'DPoP proof ath does not match the access token',
      ],
      [
        '§4.3 (12) RS-05(t) / TOKEN-11 / PAR-18: not the bound key',
        async () => ({ dpop: await proof(), input: { expectedJkt: thumbprint(signers.otherES256.jwk) } }),
        'DPoP proof key is not the bound key',
      ],
    ])('%s', async (_name, build, description) => {
      const { dpop, input } = await build();

      const error = await rejection(verify(dpop, input));

      expect(error).toMatchObject({ error: 'invalid_dpop_proof', status: 400 });
      expect(error.description).toEqual(
        typeof description === 'string' ? description : expect.stringMatching(description),
      );
    });

    it('keeps the jose error for the logs', async () => {
      const error = await rejection(verify(corruptSignature(await proof())));

      expect(error.detail).toMatch(/^ERR_JWS_SIGNATURE_VERIFICATION_FAILED: /);
    });

    it('refuses to run against a request URL that is not absolute (a programming error)', async () => {
      await expect(verify(await proof(), { htu: '/token' })).rejects.toThrow(TypeError);
    });
  });

  describe('RFC 9449 §11.1 jti replay (TOKEN-16, RS-07)', () => {
    it('refuses the same proof twice', async () => {
      const replay = new InMemoryReplayStore(() => NOW);
      const dpop = await proof();
      await verify(dpop, { replay });

      const error = await rejection(verify(dpop, { replay }));

      expect(error).toMatchObject({
        error: 'invalid_dpop_proof',
        status: 400,
        description: 'DPoP proof jti already used',
      });
    });

    it('scopes jti per key and per URI', async () => {
      const replay = new InMemoryReplayStore(() => NOW);
      await verify(await proof({ claims: { jti: 'same' } }), { replay });

      await expect(
        verify(await proof({ signer: 'EdDSA', claims: { jti: 'same' } }), { replay }),
      ).resolves.toMatchObject({
        jti: 'same',
      });
      await expect(
        verify(await proof({ claims: { jti: 'same', htu: PAR_URL } }), { replay, htu: PAR_URL }),
      ).resolves.toMatchObject({ jti: 'same' });
    });

    it('does not use up the jti of a refused proof', async () => {
      const replay = new InMemoryReplayStore(() => NOW);
      await rejection(verify(await proof({ claims: { jti: 'j1', htm: 'PUT' } }), { replay }));
      await rejection(verify(await proof({ claims: { jti: 'j1' } }), { replay, expectedJkt: 'other' }));

      await expect(verify(await proof({ claims: { jti: 'j1' } }), { replay })).resolves.toMatchObject({ jti: 'j1' });
    });

    it('remembers the jti until the iat leaves the window', async () => {
      const calls: [string, Date][] = [];
      const replay: ReplayStore = {
        consume: (key, expiresAt) => {
          calls.push([key, expiresAt]);
          return Promise.resolve(true);
        },
      };

      await verify(await proof({ claims: { iat: now - 5 } }), { replay });

      expect(calls).toHaveLength(1);
      expect(calls[0]![0]).toMatch(/^dpop:[A-Za-z0-9_-]{43}$/);
      expect(calls[0]![1]).toEqual(new Date((now - 5 + 60 + 1) * 1000));
    });
  });

  describe('§4.3 (10), §8 server nonces (TOKEN-18, PAR-17, RS-08)', () => {
    const nonces = new DpopNonceService({ secret: 'the-sandbox-dpop-nonce-secret-32-bytes!', windowSec: 120 });
    const NQCHAR = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

    it.each<[string, Record<string, unknown>, string]>([
      ['TOKEN-18 / PAR-17: no nonce', {}, 'DPoP proof must carry the nonce from the DPoP-Nonce header'],
      ['TOKEN-18: a wrong nonce', { nonce: 'made-up' }, 'DPoP proof nonce is invalid or stale'],
      ['TOKEN-18: a nonce that is not a string', { nonce: 7 }, 'DPoP proof nonce is invalid or stale'],
    ])('%s → 400 use_dpop_nonce with one fresh DPoP-Nonce', async (_name, claims, description) => {
      const error = await rejection(verify(await proof({ claims }), { nonce: nonces }));

      expect(error).toMatchObject({ error: 'use_dpop_nonce', status: 400, description });
      expect(error.headers).toEqual({ 'DPoP-Nonce': nonces.fresh(NOW) });
      expect(error.headers['DPoP-Nonce']).toMatch(NQCHAR);
    });

    it('TOKEN-18 [C]: the retry with the nonce from the 400 is accepted', async () => {
      const replay = new InMemoryReplayStore(() => NOW);
      const first = await rejection(verify(await proof(), { nonce: nonces, replay }));

      const retry = verify(await proof({ claims: { nonce: first.headers['DPoP-Nonce'] } }), { nonce: nonces, replay });

      await expect(retry).resolves.toMatchObject({ jkt: thumbprint(signers.ES256.jwk) });
    });

    it('TOKEN-18: a stale nonce (two windows old) → use_dpop_nonce; one window old is still accepted', async () => {
      const issued = new Date(NOW.getTime() - 240_000);
      const stale = await rejection(
        verify(await proof({ claims: { nonce: nonces.fresh(issued) } }), { nonce: nonces }),
      );
      const previous = new Date(NOW.getTime() - 120_000);

      expect(stale).toMatchObject({ error: 'use_dpop_nonce', headers: { 'DPoP-Nonce': nonces.fresh(NOW) } });
      await expect(
        verify(await proof({ claims: { nonce: nonces.fresh(previous) } }), { nonce: nonces }),
      ).resolves.toBeDefined();
    });

    it.each([
      ['PAR-17d / TOKEN-18a: iat an hour ago', now - 3600],
      ['PAR-17d / TOKEN-18a: iat 61 s ago', now - 61],
      ['RFC 9449 §11.1: iat in five minutes (a clock running ahead)', now + 300],
    ])('%s with a valid server nonce → accepted (RFC 9449 §11.1: the nonce vouches for freshness)', async (_n, iat) => {
      await expect(
        verify(await proof({ claims: { iat, nonce: nonces.fresh(NOW) } }), { nonce: nonces }),
      ).resolves.toBeDefined();
    });

    it('RFC 9449 §11.1: a stale iat with a wrong nonce is still use_dpop_nonce, without a nonce service still stale', async () => {
      await expect(
        rejection(verify(await proof({ claims: { iat: now - 3600, nonce: 'made-up' } }), { nonce: nonces })),
      ).resolves.toMatchObject({ error: 'use_dpop_nonce' });
      await expect(
        rejection(verify(await proof({ claims: { iat: now - 3600, nonce: nonces.fresh(NOW) } }))),
      ).resolves.toMatchObject({
        error: 'invalid_dpop_proof',
        description: 'DPoP proof iat is more than 60 seconds ago',
      });
    });

    it('RFC 9449 §11.1: a nonce-vouched proof with a stale iat is remembered for the nonce lifetime (replay)', async () => {
      const replay = new InMemoryReplayStore(() => NOW);
      const consume = jest.spyOn(replay, 'consume');
      const stale = await proof({ claims: { iat: now - 3600, nonce: nonces.fresh(NOW) } });

      await verify(stale, { nonce: nonces, replay });

      expect(consume.mock.calls[0]![1]).toEqual(new Date((now + nonces.lifetimeSec + 1) * 1000));
      await expect(rejection(verify(stale, { nonce: nonces, replay }))).resolves.toMatchObject({
        description: 'DPoP proof jti already used',
      });
    });

    it('RS-08: the resource server checks nonces the same way (it maps the 400 to its 401 challenge)', async () => {
      const error = await rejection(verify(await proof({ claims: resourceClaims }), { ...atResource, nonce: nonces }));

      expect(error).toMatchObject({ error: 'use_dpop_nonce', headers: { 'DPoP-Nonce': nonces.fresh(NOW) } });
    });

    it('FAPI2-SP 5.3.2.1-10: nonces optional: no nonce accepted, a wrong one still refused', async () => {
      const optional = new DpopNonceService({ secret: 'the-sandbox-dpop-nonce-secret-32-bytes!', required: false });

      await expect(verify(await proof(), { nonce: optional })).resolves.toBeDefined();
      await expect(
        rejection(verify(await proof({ claims: { nonce: 'x' } }), { nonce: optional })),
      ).resolves.toMatchObject({ error: 'use_dpop_nonce' });
    });

    it('without a nonce service, a nonce claim is ignored', async () => {
      await expect(verify(await proof({ claims: { nonce: 'anything' } }))).resolves.toBeDefined();
    });
  });
});
