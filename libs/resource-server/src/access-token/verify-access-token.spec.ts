import { createHash, randomUUID, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { InMemoryReplayStore } from '@ofs/fapi';
import { OAuthError } from '@ofs/oauth';
import { peerCertificate } from '@ofs/pki';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { IntrospectionResponse } from '../introspection/introspection-client';
import type { ResourceRequest } from './access-token-context';
import { verifyAccessToken } from './verify-access-token';

const ISSUER = 'https://localhost:8443/obgeneric/gobank';
const URL_ = 'https://localhost:8084/api/consents';
const NOW = new Date('2026-12-01T10:00:00.000Z');
const nowSec = NOW.getTime() / 1000;
const TOKEN = 'a-sender-constrained-token';

let key: { privateKey: CryptoKey; jwk: JWK; jkt: string };
beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  const jwk = await exportJWK(pair.publicKey);
  key = { privateKey: pair.privateKey, jwk, jkt: await calculateJwkThumbprint(jwk) };
});

const validClaims = () => ({
  jti: randomUUID(),
  htm: 'GET',
  htu: URL_,
  iat: nowSec,
  ath: createHash('sha256').update(TOKEN).digest('base64url'),
});

/** A proof for GET URL_ with TOKEN; `claims`/`header` members override (undefined leaves one out). */
const proof = (claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}) =>
  new SignJWT({ ...validClaims(), ...claims })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk, ...header } as { alg: string })
    .sign(key.privateKey);

/** A JWS put together by hand (for headers jose will not sign with). */
const handMade = (header: object, claims: object, signature = '') =>
  [header, claims].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') + `.${signature}`;

const dpopBound = (): IntrospectionResponse => ({
  active: true,
  iss: ISSUER,
  client_id: 'gobank-bank',
  scope: 'introspect_tokens manage_consents',
  cnf: { jkt: key.jkt },
});

async function outcome(
  request: Partial<ResourceRequest>,
  introspection: IntrospectionResponse,
  scopes = ['manage_consents'],
): Promise<[number, string, string | undefined] | 'ok'> {
  try {
    await verifyAccessToken({
      request: {
        method: 'GET',
        url: URL_,
        authorization: undefined,
        dpop: undefined,
        clientCertificate: undefined,
        ...request,
      },
      issuer: ISSUER,
      requiredScopes: scopes,
      now: NOW,
      replay: new InMemoryReplayStore(() => NOW),
      introspect: () => Promise.resolve(introspection),
    });
    return 'ok';
  } catch (e) {
    if (!(e instanceof OAuthError)) throw e;
    return [e.status, e.error, e.headers['WWW-Authenticate']];
  }
}

describe('verifyAccessToken (FAPI2-SP 5.3.4: a resource server accepts only active, sender-constrained, scoped tokens)', () => {
  it('accepts a DPoP-bound token with a proof for this request', async () => {
    expect(await outcome({ authorization: `DPoP ${TOKEN}`, dpop: await proof() }, dpopBound())).toBe('ok');
  });

  it.each([
    ['no Authorization header', undefined],
    ['an unknown scheme', `Basic ${TOKEN}`],
    ['a scheme without token', 'DPoP'],
  ])('RS-11 / RFC 6750 §3.1: %s is 401 with both challenges and no error code', async (_n, authorization) => {
    expect(await outcome({ authorization }, dpopBound())).toEqual([
      401,
      'invalid_token',
      'DPoP algs="PS256 ES256 EdDSA", Bearer',
    ]);
  });

  it.each([
    ['inactive', { active: false }, 'The access token is not active'],
    ['of another issuer', { iss: 'https://localhost:8443/obgeneric/hyperscalebank' }, 'not issued for this resource'],
    ['not sender-constrained', { cnf: undefined }, 'not sender-constrained'],
  ])('RS-10 / RFC 7662: a token %s is 401 invalid_token', async (_n, change, description) => {
    const [status, error, challenge] = (await outcome({ authorization: `DPoP ${TOKEN}`, dpop: await proof() }, {
      ...dpopBound(),
      ...change,
    } as IntrospectionResponse)) as [number, string, string];
    expect([status, error]).toEqual([401, 'invalid_token']);
    expect(challenge).toMatch(new RegExp(`^DPoP error="invalid_token", error_description="[^"]*${description}`));
  });

  it.each([
    ['no proof', () => Promise.resolve(undefined)],
    ['another htu', () => proof({ htu: 'https://localhost:8084/api/other' })],
    ['another htm', () => proof({ htm: 'POST' })],
    ['a wrong ath', () => proof({ ath: 'x' })],
    ['an old iat', () => proof({ iat: nowSec - 61 })],
  ])('RFC 9449 §7.1: %s is 401 invalid_dpop_proof', async (_n, make) => {
    const [status, error, challenge] = (await outcome(
      { authorization: `DPoP ${TOKEN}`, dpop: await make() },
      dpopBound(),
    )) as [number, string, string];
    expect([status, error]).toEqual([401, 'invalid_dpop_proof']);
    expect(challenge).toMatch(/^DPoP error="invalid_dpop_proof", error_description=".+", algs="PS256 ES256 EdDSA"$/);
  });

  // FAPI checklist RS-05 (a)-(u): each of these proofs is refused with 401 (RS-12: `invalid_dpop_proof`).
  it.each<[string, () => Promise<string | string[] | undefined>]>([
    ['(a) two DPoP headers', async () => [await proof(), await proof()]],
    ['(b) a value that is not a JWT', () => Promise.resolve('not-a-jwt')],
    ['(c) typ missing', () => proof({}, { typ: undefined })],
    ['(d) alg missing', () => Promise.resolve(handMade({ typ: 'dpop+jwt', jwk: key.jwk }, validClaims(), 'c2ln'))],
    ['(e) jwk missing', () => proof({}, { jwk: undefined })],
    ['(f) jti missing', () => proof({ jti: undefined })],
    ['(g) htm missing', () => proof({ htm: undefined })],
    ['(h) htu missing', () => proof({ htu: undefined })],
    ['(i) iat missing', () => proof({ iat: undefined })],
    ['(j) ath missing', () => proof({ ath: undefined })],
    ['(k) typ dpop+jwt+wrongyousee', () => proof({}, { typ: 'dpop+jwt+wrongyousee' })],
    [
      '(l) RS256',
      async () => {
        const rsa = await generateKeyPair('RS256', { modulusLength: 2048 });
        return new SignJWT(validClaims())
          .setProtectedHeader({ alg: 'RS256', typ: 'dpop+jwt', jwk: await exportJWK(rsa.publicKey) })
          .sign(rsa.privateKey);
      },
    ],
    ['(m) alg none', () => Promise.resolve(handMade({ alg: 'none', typ: 'dpop+jwt', jwk: key.jwk }, validClaims()))],
    [
      '(n) a corrupted signature',
      async () => {
        const good = await proof();
        const sig = good.slice(good.lastIndexOf('.') + 1);
        return `${good.slice(0, good.lastIndexOf('.') + 1)}${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
      },
    ],
    [
      '(o) jwk containing the private key',
      async () => {
        const pair = await generateKeyPair('ES256', { extractable: true });
        return new SignJWT(validClaims())
          .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(pair.privateKey) })
          .sign(pair.privateKey);
      },
    ],
    ['(p) htm PUT on a GET', () => proof({ htm: 'PUT' })],
    ['(q) htu with junk appended', () => proof({ htu: `${URL_}junk` })],
    ['(r) iat an hour ago', () => proof({ iat: nowSec - 3600 })],
    ['(r) iat an hour ahead', () => proof({ iat: nowSec + 3600 })],
    ['(s) a wrong ath', () => proof({ ath: createHash('sha256').update('other').digest('base64url') })],
    [
      '(t) signed by a key other than cnf.jkt',
      async () => {
        const other = await generateKeyPair('ES256');
        return new SignJWT(validClaims())
          .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(other.publicKey) })
          .sign(other.privateKey);
      },
    ],
    ['(u) Authorization DPoP without a DPoP header', () => Promise.resolve(undefined)],
  ])('RS-05 %s → 401 invalid_dpop_proof', async (_name, make) => {
    const result = await outcome({ authorization: `DPoP ${TOKEN}`, dpop: await make() }, dpopBound());
    expect(result).toEqual([401, 'invalid_dpop_proof', expect.stringMatching(/^DPoP error="invalid_dpop_proof"/)]);
  });

  it.each<[string, () => Promise<string>]>([
    ['htu with ?query#fragment appended', () => proof({ htu: `${URL_}?x=1#frag` })],
    ['unknown extra header and claim members', () => proof({ extra: 'claim' }, { kid: 'whatever' })],
    [
      'htu with an upper-case scheme and host',
      () => proof({ htu: URL_.replace('https://localhost', 'HTTPS://LOCALHOST') }),
    ],
  ])('RS-06: a proof with %s is accepted', async (_name, make) => {
    expect(await outcome({ authorization: `DPoP ${TOKEN}`, dpop: await make() }, dpopBound())).toBe('ok');
  });

  it('RS-07: a proof jti is accepted once', async () => {
    const replay = new InMemoryReplayStore(() => NOW);
    const once = await proof();
    const call = () =>
      verifyAccessToken({
        request: { method: 'GET', url: URL_, authorization: `DPoP ${TOKEN}`, dpop: once, clientCertificate: undefined },
        issuer: ISSUER,
        requiredScopes: [],
        now: NOW,
        replay,
        introspect: () => Promise.resolve(dpopBound()),
      });
    await expect(call()).resolves.toMatchObject({ clientId: 'gobank-bank', scheme: 'DPoP' });
    await expect(call()).rejects.toMatchObject({ status: 401, error: 'invalid_dpop_proof' });
  });

  it('RS-02: the scheme is case-insensitive (dPoP)', async () => {
    expect(await outcome({ authorization: `dPoP ${TOKEN}`, dpop: await proof() }, dpopBound())).toBe('ok');
  });

  it('RS-05 (v) / RFC 9449 §7.2: a DPoP-bound token under the Bearer scheme (downgrade) is refused', async () => {
    expect(await outcome({ authorization: `Bearer ${TOKEN}` }, dpopBound())).toEqual([
      401,
      'invalid_token',
      expect.stringMatching(/^DPoP error="invalid_token"/),
    ]);
  });

  it('RS-09 / RFC 8705 §3: a certificate-bound token needs that certificate on the connection', async () => {
    const der = certificateDer('go-bank');
    const x5t = createHash('sha256').update(der).digest('base64url');
    const bound = { ...dpopBound(), cnf: { 'x5t#S256': x5t } };
    expect(
      await outcome(
        { authorization: `Bearer ${TOKEN}`, clientCertificate: peerCertificate(new X509Certificate(der), true) },
        bound,
      ),
    ).toBe('ok');
    // RS-02: the scheme is case-insensitive.
    expect(
      await outcome(
        { authorization: `bEARER ${TOKEN}`, clientCertificate: peerCertificate(new X509Certificate(der), true) },
        bound,
      ),
    ).toBe('ok');
    for (const clientCertificate of [
      undefined,
      peerCertificate(new X509Certificate(certificateDer('financroo')), true),
    ]) {
      expect(await outcome({ authorization: `Bearer ${TOKEN}`, clientCertificate }, bound)).toEqual([
        401,
        'invalid_token',
        expect.stringMatching(/^Bearer error="invalid_token", error_description="The access token is bound to another/),
      ]);
    }
  });

  it('RS-11 / RFC 6750 §3.1: a good token without the scope is 403 insufficient_scope naming it', async () => {
    expect(
      await outcome(
        { authorization: `dpop ${TOKEN}`, dpop: await proof() },
        { ...dpopBound(), scope: 'introspect_tokens' },
      ),
    ).toEqual([
      403,
      'insufficient_scope',
      expect.stringMatching(/^DPoP error="insufficient_scope", .*scope="manage_consents"/),
    ]);
  });
});

/** DER of a client certificate of the run's test PKI (test/global-setup.ts). */
function certificateDer(name: string): Buffer {
  const pem = readFileSync(path.join(process.env.OFS_TEST_PKI_DIR!, name, 'client.pem'), 'utf8');
  return new X509Certificate(pem).raw;
}
