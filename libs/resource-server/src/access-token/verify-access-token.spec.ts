import { createHash, randomUUID, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { InMemoryReplayStore } from '@ofs/fapi';
import { OAuthError } from '@ofs/oauth';
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

const proof = (claims: Record<string, unknown> = {}) =>
  new SignJWT({
    jti: randomUUID(),
    htm: 'GET',
    htu: URL_,
    iat: nowSec,
    ath: createHash('sha256').update(TOKEN).digest('base64url'),
    ...claims,
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk })
    .sign(key.privateKey);

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
  ])('RFC 6750 §3.1: %s is 401 with both challenges and no error code', async (_n, authorization) => {
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
  ])('RFC 7662 / FAPI2-SP 5.3.4: a token %s is 401 invalid_token', async (_n, change, description) => {
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

  it('RFC 9449 §7.1: a DPoP-bound token under the Bearer scheme is refused', async () => {
    expect(await outcome({ authorization: `Bearer ${TOKEN}` }, dpopBound())).toEqual([
      401,
      'invalid_token',
      expect.stringMatching(/^DPoP error="invalid_token"/),
    ]);
  });

  it('RFC 8705 §3: a certificate-bound token needs that certificate on the connection', async () => {
    const der = certificateDer('go-bank');
    const x5t = createHash('sha256').update(der).digest('base64url');
    const bound = { ...dpopBound(), cnf: { 'x5t#S256': x5t } };
    expect(await outcome({ authorization: `Bearer ${TOKEN}`, clientCertificate: der }, bound)).toBe('ok');
    for (const clientCertificate of [undefined, certificateDer('financroo')]) {
      expect(await outcome({ authorization: `Bearer ${TOKEN}`, clientCertificate }, bound)).toEqual([
        401,
        'invalid_token',
        expect.stringMatching(/^Bearer error="invalid_token", error_description="The access token is bound to another/),
      ]);
    }
  });

  it('RFC 6750 §3.1: a good token without the scope is 403 insufficient_scope naming it', async () => {
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
