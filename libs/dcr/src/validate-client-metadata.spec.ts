import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { OAuthError, type OAuthErrorCode } from '@ofs/oauth';
import { FAPI_REGISTRATION_DEFAULTS, type RegistrationPolicy } from './client-metadata';
import { validateClientMetadata } from './validate-client-metadata';

type Body = Record<string, unknown>;

const POLICY: RegistrationPolicy = {
  ...FAPI_REGISTRATION_DEFAULTS,
  scopesSupported: ['openid', 'email', 'profile', 'offline_access', 'accounts'],
  defaultScopes: ['openid', 'email', 'profile', 'offline_access', 'accounts'],
  systemScopes: ['introspect_tokens', 'revoke_tokens', 'manage_logins', 'manage_consents'],
  authorizationDetailsTypes: ['account_information'],
};

const FINANCROO_DN = 'CN=financroo,OU=TPP,O=Financroo,C=GB';
const PKI_DIR = process.env.OFS_TEST_PKI_DIR ?? path.resolve(__dirname, '../../../.data/test/pki');

const keys = {} as Record<
  'rsa' | 'p256' | 'p384' | 'p521' | 'ed25519' | 'rsa1024' | 'rsaPrivate' | 'ed448' | 'secp256k1' | 'certKey',
  JWK
>;
/** The sandbox's Financroo client certificate (base64 DER, as in x5c) and the CA certificate. */
let financrooCert: string;
let caCert: string;

const nodeJwk = (key: { export(options: { format: 'jwk' }): object }) => key.export({ format: 'jwk' }) as JWK;
const derBase64 = (pem: string) => new X509Certificate(pem).raw.toString('base64');

beforeAll(async () => {
  for (const [name, alg] of [
    ['rsa', 'PS256'],
    ['p256', 'ES256'],
    ['p384', 'ES384'],
    ['p521', 'ES512'],
    ['ed25519', 'Ed25519'],
  ] as const) {
    keys[name] = await exportJWK((await generateKeyPair(alg, { extractable: true })).publicKey);
  }
  keys.rsa1024 = nodeJwk(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey);
  keys.rsaPrivate = nodeJwk(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
  keys.ed448 = nodeJwk(generateKeyPairSync('ed448').publicKey);
  keys.secp256k1 = nodeJwk(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey);
  const pem = readFileSync(path.join(PKI_DIR, 'financroo', 'client.pem'), 'utf8');
  financrooCert = derBase64(pem);
  keys.certKey = nodeJwk(new X509Certificate(pem).publicKey);
  caCert = derBase64(readFileSync(path.join(PKI_DIR, 'ca.pem'), 'utf8'));
});

/** REG-01's valid FAPI registration: private_key_jwt with jwks_uri, code + refresh_token. */
const privateKeyJwtClient = (): Body => ({
  redirect_uris: ['https://tpp.example.com/callback'],
  token_endpoint_auth_method: 'private_key_jwt',
  jwks_uri: 'https://tpp.example.com/jwks.json',
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
});

/** What the Financroo TPP sends (REFERENCE §c.2), with an RSA-2048 key marked RS256 as its cert key is. */
const financrooRegistration = (): Body => ({
  client_name: 'Financroo TPP',
  client_uri: 'https://localhost:8091',
  grant_types: ['authorization_code', 'refresh_token'],
  redirect_uris: ['https://localhost:8091/api/callback'],
  response_types: ['code'],
  scopes: ['openid', 'email', 'accounts', 'offline_access'],
  token_endpoint_auth_method: 'tls_client_auth',
  tls_client_auth_subject_dn: FINANCROO_DN,
  jwks: { keys: [{ ...keys.rsa, use: 'sig', kid: '97531', alg: 'RS256' }] },
});

const mtlsClient = (extra: Body = {}): Body => ({
  redirect_uris: ['https://tpp.example.com/callback'],
  token_endpoint_auth_method: 'tls_client_auth',
  tls_client_auth_subject_dn: FINANCROO_DN,
  ...extra,
});

async function rejection(promise: Promise<unknown>): Promise<OAuthError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(OAuthError);
    return e as OAuthError;
  }
  throw new Error('the metadata was accepted');
}

async function expectRefused(body: unknown, error: OAuthErrorCode, mentions: string, policy = POLICY) {
  const e = await rejection(validateClientMetadata(body, policy));
  expect({ error: e.error, status: e.status }).toEqual({ error, status: 400 });
  expect(e.description).toContain(mentions);
}

const accept = (body: unknown, policy = POLICY) => validateClientMetadata(body, policy);

type Row = [string, (body: Body) => void, OAuthErrorCode, string];
/** Runs a base body through `change` and expects the error and a description naming `mentions`. */
const refusedRows = (base: () => Body, rows: Row[]) =>
  it.each(rows)('%s', async (_name, change, error, mentions) => {
    const body = base();
    change(body);
    await expectRefused(body, error, mentions);
  });

describe('REG-01 RFC 7591 §3.2.1: a valid FAPI registration is accepted and normalised', () => {
  it('returns every registered value with the server defaults filled', async () => {
    await expect(accept(privateKeyJwtClient())).resolves.toEqual({
      redirect_uris: ['https://tpp.example.com/callback'],
      token_endpoint_auth_method: 'private_key_jwt',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: 'openid email profile offline_access accounts',
      jwks_uri: 'https://tpp.example.com/jwks.json',
      id_token_signed_response_alg: 'PS256',
      subject_type: 'public',
      dpop_bound_access_tokens: false,
      tls_client_certificate_bound_access_tokens: false,
      require_pushed_authorization_requests: true,
    });
  });

  it('accepts the Financroo TPP registration (REFERENCE §c.2): scopes array, tls_client_auth, jwks with RS256', async () => {
    const body = financrooRegistration();
    await expect(accept(body)).resolves.toEqual({
      redirect_uris: ['https://localhost:8091/api/callback'],
      token_endpoint_auth_method: 'tls_client_auth',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: 'openid email accounts offline_access',
      client_name: 'Financroo TPP',
      client_uri: 'https://localhost:8091',
      jwks: body.jwks,
      tls_client_auth_subject_dn: FINANCROO_DN,
      id_token_signed_response_alg: 'PS256',
      subject_type: 'public',
      dpop_bound_access_tokens: false,
      tls_client_certificate_bound_access_tokens: false,
      require_pushed_authorization_requests: true,
    });
  });

  it('accepts Financroo with its real sandbox certificate key (P-256, ES256, x5c)', async () => {
    const body = financrooRegistration();
    body.jwks = { keys: [{ ...keys.certKey, use: 'sig', kid: '1', alg: 'ES256', x5c: [financrooCert] }] };
    await expect(accept(body)).resolves.toMatchObject({ scope: 'openid email accounts offline_access' });
  });

  it('drops unknown members and members sent as null, keeps the known extension members', async () => {
    const result = await accept({
      ...privateKeyJwtClient(),
      application_type: 'web',
      client_id: 'chosen-by-client',
      client_secret: 'not-used',
      'client_name#ja-Jpan-JP': 'クライアント名',
      jwks: null,
      software_statement: null,
      dpop_bound_access_tokens: true,
      tls_client_certificate_bound_access_tokens: true,
      authorization_details_types: ['account_information'],
      software_id: 'financroo',
      software_version: '1.2.3',
      contacts: ['ops@tpp.example.com', 'ops@tpp.example.com'],
      logo_uri: 'https://tpp.example.com/logo.png',
      policy_uri: 'https://tpp.example.com/policy',
      tos_uri: 'https://tpp.example.com/tos',
    });
    expect(result).not.toHaveProperty('application_type');
    expect(result).not.toHaveProperty('client_id');
    expect(result).not.toHaveProperty('client_secret');
    expect(result).not.toHaveProperty('jwks');
    expect(result).not.toHaveProperty('client_name#ja-Jpan-JP');
    expect(result).toMatchObject({
      dpop_bound_access_tokens: true,
      tls_client_certificate_bound_access_tokens: true,
      authorization_details_types: ['account_information'],
      software_id: 'financroo',
      software_version: '1.2.3',
      contacts: ['ops@tpp.example.com'],
      logo_uri: 'https://tpp.example.com/logo.png',
    });
  });

  it('lists members in one stable order, starting with redirect_uris', async () => {
    const reversed = Object.fromEntries(Object.entries(financrooRegistration()).reverse());
    const a = Object.keys(await accept(reversed));
    expect(a).toEqual(Object.keys(await accept(financrooRegistration())));
    expect(a[0]).toBe('redirect_uris');
  });

  it.each([null, [], 'redirect_uris=https://x', 42, true])('refuses a body that is not a JSON object: %p', (body) =>
    expectRefused(body, 'invalid_client_metadata', 'JSON object'),
  );
});

describe('REG-02 RFC 7591 §2, FAPI2-SP 5.3.2.2-8: redirect_uris', () => {
  refusedRows(privateKeyJwtClient, [
    [
      'REG-02 redirect_uris missing with the code grant',
      (b) => delete b.redirect_uris,
      'invalid_redirect_uri',
      'redirect_uris',
    ],
    ['REG-02 redirect_uris empty', (b) => (b.redirect_uris = []), 'invalid_redirect_uri', 'redirect_uris'],
    [
      'REG-02 default grant (code) without redirect_uris',
      (b) => {
        delete b.redirect_uris;
        delete b.grant_types;
        delete b.response_types;
      },
      'invalid_redirect_uri',
      'redirect_uris',
    ],
    [
      'REG-02 redirect_uris a string',
      (b) => (b.redirect_uris = 'https://tpp.example.com/cb'),
      'invalid_redirect_uri',
      'redirect_uris',
    ],
    ['REG-02 redirect_uris with a number', (b) => (b.redirect_uris = [42]), 'invalid_redirect_uri', 'redirect_uris'],
    [
      'REG-02 http on a public host',
      (b) => (b.redirect_uris = ['http://tpp.example.com/cb']),
      'invalid_redirect_uri',
      'http://tpp.example.com/cb',
    ],
    [
      'REG-02 http on a non-loopback address',
      (b) => (b.redirect_uris = ['http://10.0.0.1/cb']),
      'invalid_redirect_uri',
      'redirect_uris',
    ],
    [
      'REG-02 a private-use scheme',
      (b) => (b.redirect_uris = ['com.example.app:/cb']),
      'invalid_redirect_uri',
      'https',
    ],
    [
      'REG-02 a fragment',
      (b) => (b.redirect_uris = ['https://tpp.example.com/cb#done']),
      'invalid_redirect_uri',
      'fragment',
    ],
    [
      'REG-02 an empty fragment',
      (b) => (b.redirect_uris = ['https://tpp.example.com/cb#']),
      'invalid_redirect_uri',
      'fragment',
    ],
    [
      'REG-02 user information',
      (b) => (b.redirect_uris = ['https://u:p@tpp.example.com/cb']),
      'invalid_redirect_uri',
      'user information',
    ],
    ['REG-02 a relative URL', (b) => (b.redirect_uris = ['/callback']), 'invalid_redirect_uri', 'absolute URL'],
    [
      'REG-02 surrounding whitespace',
      (b) => (b.redirect_uris = [' https://tpp.example.com/cb']),
      'invalid_redirect_uri',
      'absolute URL',
    ],
    [
      'REG-02 one bad entry among good ones',
      (b) => (b.redirect_uris = ['https://tpp.example.com/a', 'http://x.example/b']),
      'invalid_redirect_uri',
      'http://x.example/b',
    ],
  ]);

  it.each([
    ['REG-02 https', 'https://tpp.example.com/callback'],
    ['REG-02 loopback 127.0.0.1 over http', 'http://127.0.0.1:8080/callback'],
    ['REG-02 loopback [::1] over http', 'http://[::1]/callback'],
    ['REG-02 localhost over http', 'http://localhost:3000/callback'],
    ['REG-02 a query, kept exactly (client2 of the suite)', 'https://tpp.example.com/cb?dummy1=lorem&dummy2=ipsum'],
    ['REG-02 a query in no particular order, kept exactly', 'https://tpp.example.com/cb?z=1&a=%7E'],
  ])('%s is accepted', async (_name, uri) => {
    const body = { ...privateKeyJwtClient(), redirect_uris: [uri, uri] };
    await expect(accept(body)).resolves.toMatchObject({ redirect_uris: [uri] });
  });

  it('a client_credentials-only client may omit redirect_uris and response_types', async () => {
    const body = { ...privateKeyJwtClient(), grant_types: ['client_credentials'] };
    delete (body as Body).redirect_uris;
    delete (body as Body).response_types;
    await expect(accept(body)).resolves.toMatchObject({
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    });
  });
});

describe('REG-03 RFC 7591 §2, RFC 7517, FAPI2-SP 5.4.1: jwks and jwks_uri', () => {
  const withKey = (key: () => JWK) => (b: Body) => {
    delete b.jwks_uri;
    b.jwks = { keys: [key()] };
  };
  refusedRows(privateKeyJwtClient, [
    [
      'REG-03 both jwks and jwks_uri',
      (b) => (b.jwks = { keys: [keys.p256] }),
      'invalid_client_metadata',
      'jwks and jwks_uri',
    ],
    ['REG-03 private_key_jwt with neither', (b) => delete b.jwks_uri, 'invalid_client_metadata', 'jwks or jwks_uri'],
    [
      'REG-03 self_signed_tls_client_auth with neither',
      (b) => {
        delete b.jwks_uri;
        b.token_endpoint_auth_method = 'self_signed_tls_client_auth';
      },
      'invalid_client_metadata',
      'jwks or jwks_uri',
    ],
    ['REG-03 a private RSA key', withKey(() => keys.rsaPrivate), 'invalid_client_metadata', 'jwks keys[0]'],
    [
      'REG-03 a public key with a stray d',
      withKey(() => ({ ...keys.p256, d: 'AAAA' })),
      'invalid_client_metadata',
      'private',
    ],
    [
      'REG-03 a symmetric key',
      withKey(() => ({ kty: 'oct', k: 'c2VjcmV0' })),
      'invalid_client_metadata',
      'jwks keys[0]',
    ],
    ['REG-03 an RSA key under 2048 bits', withKey(() => keys.rsa1024), 'invalid_client_metadata', '1024-bit'],
    ['REG-03 EC on secp256k1', withKey(() => keys.secp256k1), 'invalid_client_metadata', 'crv'],
    [
      'REG-03 OKP Ed448 (jose cannot use it)',
      withKey(() => keys.ed448),
      'invalid_client_metadata',
      'crv must be Ed25519',
    ],
    ['REG-03 an unknown kty', withKey(() => ({ kty: 'XYZ' })), 'invalid_client_metadata', 'kty'],
    [
      'REG-03 an EC point not on the curve',
      withKey(() => ({ ...keys.p256, y: keys.p256.x })),
      'invalid_client_metadata',
      'not a valid EC public key',
    ],
    [
      'REG-03 an RSA key whose alg does not fit',
      withKey(() => ({ ...keys.rsa, alg: 'ES256' })),
      'invalid_client_metadata',
      'jwks keys[0]',
    ],
    [
      'REG-03 an RSA modulus that is not base64url',
      withKey(() => ({ ...keys.rsa, n: 12345 }) as unknown as JWK),
      'invalid_client_metadata',
      'n must be',
    ],
    ['REG-03 an unknown use', withKey(() => ({ ...keys.p256, use: 'signing' })), 'invalid_client_metadata', 'use'],
    [
      'REG-03 a numeric kid',
      withKey(() => ({ ...keys.p256, kid: 7 }) as unknown as JWK),
      'invalid_client_metadata',
      'kid',
    ],
    [
      'REG-03 a key that is not an object',
      withKey(() => 'key' as unknown as JWK),
      'invalid_client_metadata',
      'jwks keys[0]',
    ],
    [
      'REG-03 jwks that is not a JWK Set',
      (b) => {
        delete b.jwks_uri;
        b.jwks = [keys.p256];
      },
      'invalid_client_metadata',
      'JWK Set',
    ],
    [
      'REG-03 an empty JWK Set',
      (b) => {
        delete b.jwks_uri;
        b.jwks = { keys: [] };
      },
      'invalid_client_metadata',
      'jwks',
    ],
    [
      'REG-03 duplicate kids',
      (b) => {
        delete b.jwks_uri;
        b.jwks = {
          keys: [
            { ...keys.p256, kid: 'k1' },
            { ...keys.rsa, kid: 'k1' },
          ],
        };
      },
      'invalid_client_metadata',
      'kid k1',
    ],
    [
      'REG-03 x5c of another key',
      withKey(() => ({ ...keys.p256, x5c: [financrooCert] })),
      'invalid_client_metadata',
      'x5c',
    ],
    [
      'REG-03 x5c with the CA certificate first',
      withKey(() => ({ ...keys.certKey, x5c: [caCert, financrooCert] })),
      'invalid_client_metadata',
      'x5c',
    ],
    [
      'REG-03 x5c that is not DER',
      withKey(() => ({ ...keys.certKey, x5c: ['bm90IGEgY2VydA=='] })),
      'invalid_client_metadata',
      'x5c',
    ],
    [
      'REG-03 x5c in base64url',
      withKey(() => ({ ...keys.certKey, x5c: [financrooCert.replace(/\+/g, '-').replace(/\//g, '_') + '-_'] })),
      'invalid_client_metadata',
      'x5c',
    ],
    [
      'REG-03 jwks_uri over http',
      (b) => (b.jwks_uri = 'http://tpp.example.com/jwks.json'),
      'invalid_client_metadata',
      'jwks_uri',
    ],
    ['REG-03 jwks_uri not a URL', (b) => (b.jwks_uri = 'jwks.json'), 'invalid_client_metadata', 'jwks_uri'],
    [
      'REG-03 jwks_uri with a fragment',
      (b) => (b.jwks_uri = 'https://tpp.example.com/jwks#x'),
      'invalid_client_metadata',
      'jwks_uri',
    ],
    [
      'REG-03 jwks_uri not a string',
      (b) => (b.jwks_uri = ['https://tpp.example.com/jwks.json']),
      'invalid_client_metadata',
      'jwks_uri',
    ],
    [
      'RFC 8705 §2.2 self_signed_tls_client_auth without x5c',
      (b) => {
        withKey(() => keys.certKey)(b);
        b.token_endpoint_auth_method = 'self_signed_tls_client_auth';
      },
      'invalid_client_metadata',
      'x5c',
    ],
  ]);

  it.each([
    ['RSA 2048', () => keys.rsa],
    ['EC P-256', () => keys.p256],
    ['EC P-384', () => keys.p384],
    ['EC P-521', () => keys.p521],
    ['OKP Ed25519', () => keys.ed25519],
    ['RSA marked RS256 (the Financroo key)', () => ({ ...keys.rsa, alg: 'RS256', use: 'sig' })],
    ['RSA for encryption', () => ({ ...keys.rsa, use: 'enc' })],
    ['a certificate key with a matching x5c', () => ({ ...keys.certKey, x5c: [financrooCert, caCert] })],
  ])('REG-03 accepts a public %s key, kept as sent', async (_name, key) => {
    const body: Body = { ...privateKeyJwtClient(), jwks: { keys: [key()], other: 'dropped' } };
    delete body.jwks_uri;
    await expect(accept(body)).resolves.toMatchObject({ jwks: { keys: [key()] } });
    expect((await accept(body)).jwks).toEqual({ keys: [key()] });
  });

  it('RFC 8705 §2.2 accepts self_signed_tls_client_auth with x5c, or with a jwks_uri', async () => {
    const byValue: Body = {
      ...privateKeyJwtClient(),
      token_endpoint_auth_method: 'self_signed_tls_client_auth',
      jwks: { keys: [keys.p256, { ...keys.certKey, x5c: [financrooCert] }] },
    };
    delete byValue.jwks_uri;
    await expect(accept(byValue)).resolves.toMatchObject({ token_endpoint_auth_method: 'self_signed_tls_client_auth' });
    const byReference = { ...privateKeyJwtClient(), token_endpoint_auth_method: 'self_signed_tls_client_auth' };
    await expect(accept(byReference)).resolves.toMatchObject({ jwks_uri: 'https://tpp.example.com/jwks.json' });
  });

  it('accepts keys without kid, and a tls_client_auth client without keys', async () => {
    const body: Body = { ...privateKeyJwtClient(), jwks: { keys: [keys.p256, keys.rsa] } };
    delete body.jwks_uri;
    await expect(accept(body)).resolves.toBeDefined();
    await expect(accept(mtlsClient())).resolves.not.toHaveProperty('jwks');
  });
});

describe('REG-04 FAPI2-SP 5.3.2.1-3/-6: token_endpoint_auth_method', () => {
  refusedRows(privateKeyJwtClient, [
    [
      'REG-04 none',
      (b) => (b.token_endpoint_auth_method = 'none'),
      'invalid_client_metadata',
      'token_endpoint_auth_method none',
    ],
    [
      'REG-04 client_secret_basic',
      (b) => (b.token_endpoint_auth_method = 'client_secret_basic'),
      'invalid_client_metadata',
      'token_endpoint_auth_method',
    ],
    [
      'REG-04 client_secret_post',
      (b) => (b.token_endpoint_auth_method = 'client_secret_post'),
      'invalid_client_metadata',
      'token_endpoint_auth_method',
    ],
    [
      'REG-04 client_secret_jwt',
      (b) => (b.token_endpoint_auth_method = 'client_secret_jwt'),
      'invalid_client_metadata',
      'token_endpoint_auth_method',
    ],
    [
      'REG-04 omitted (the RFC default is client_secret_basic)',
      (b) => delete b.token_endpoint_auth_method,
      'invalid_client_metadata',
      'token_endpoint_auth_method is required',
    ],
    [
      'REG-04 not a string',
      (b) => (b.token_endpoint_auth_method = ['private_key_jwt']),
      'invalid_client_metadata',
      'token_endpoint_auth_method',
    ],
    [
      'REG-04 wrong case',
      (b) => (b.token_endpoint_auth_method = 'Private_Key_JWT'),
      'invalid_client_metadata',
      'token_endpoint_auth_method',
    ],
  ]);

  it('REG-04 refuses a method the server does not offer', async () => {
    const policy = { ...POLICY, authMethodsSupported: ['private_key_jwt' as const] };
    await expectRefused(mtlsClient(), 'invalid_client_metadata', 'use one of private_key_jwt', policy);
  });
});

describe('REG-05 RFC 8705 §2.1.2: tls_client_auth names exactly one certificate subject attribute', () => {
  refusedRows(mtlsClient, [
    [
      'REG-05 none of them',
      (b) => delete b.tls_client_auth_subject_dn,
      'invalid_client_metadata',
      'exactly one of tls_client_auth_subject_dn',
    ],
    [
      'REG-05 two of them',
      (b) => (b.tls_client_auth_san_dns = 'tpp.example.com'),
      'invalid_client_metadata',
      'tls_client_auth_subject_dn, tls_client_auth_san_dns',
    ],
    [
      'REG-05 a DN that does not parse',
      (b) => (b.tls_client_auth_subject_dn = 'financroo'),
      'invalid_client_metadata',
      'tls_client_auth_subject_dn',
    ],
    [
      'REG-05 a DN that is not a string',
      (b) => (b.tls_client_auth_subject_dn = { CN: 'financroo' }),
      'invalid_client_metadata',
      'tls_client_auth_subject_dn',
    ],
    [
      'REG-05 a bad dNSName',
      (b) => {
        delete b.tls_client_auth_subject_dn;
        b.tls_client_auth_san_dns = 'not a host!';
      },
      'invalid_client_metadata',
      'tls_client_auth_san_dns',
    ],
    [
      'REG-05 a bad IP address',
      (b) => {
        delete b.tls_client_auth_subject_dn;
        b.tls_client_auth_san_ip = '999.0.0.1';
      },
      'invalid_client_metadata',
      'tls_client_auth_san_ip',
    ],
    [
      'REG-05 a bad URI',
      (b) => {
        delete b.tls_client_auth_subject_dn;
        b.tls_client_auth_san_uri = 'no scheme';
      },
      'invalid_client_metadata',
      'tls_client_auth_san_uri',
    ],
    [
      'REG-05 a bad email',
      (b) => {
        delete b.tls_client_auth_subject_dn;
        b.tls_client_auth_san_email = 'ops.tpp.example.com';
      },
      'invalid_client_metadata',
      'tls_client_auth_san_email',
    ],
    [
      'REG-05 a subject attribute with private_key_jwt',
      (b) => {
        b.token_endpoint_auth_method = 'private_key_jwt';
        b.jwks_uri = 'https://tpp.example.com/jwks.json';
      },
      'invalid_client_metadata',
      'tls_client_auth_subject_dn is only used with tls_client_auth',
    ],
  ]);

  it.each([
    ['tls_client_auth_subject_dn', FINANCROO_DN],
    [
      'tls_client_auth_subject_dn',
      'CN=cid1.authorization.cloudentity.com,OU=Authorization,O=Cloudentity,L=Seattle,ST=Washinghton,C=US',
    ],
    ['tls_client_auth_san_dns', 'tpp.example.com'],
    ['tls_client_auth_san_dns', '*.tpp.example.com'],
    ['tls_client_auth_san_uri', 'spiffe://tpp.example.com/financroo'],
    ['tls_client_auth_san_ip', '192.0.2.10'],
    ['tls_client_auth_san_ip', '2001:db8::10'],
    ['tls_client_auth_san_email', 'ops@tpp.example.com'],
  ])('REG-05 accepts %s %s alone, kept as sent', async (member, value) => {
    const body: Body = { ...mtlsClient(), [member]: value };
    if (member !== 'tls_client_auth_subject_dn') delete body.tls_client_auth_subject_dn;
    await expect(accept(body)).resolves.toMatchObject({ [member]: value });
  });
});

describe('REG-06 RFC 7591 §2.1, FAPI2-SP 5.3.2.2-1 / 5.3.2.1-2: grant_types and response_types', () => {
  refusedRows(privateKeyJwtClient, [
    ['REG-06 response_types token', (b) => (b.response_types = ['token']), 'invalid_client_metadata', 'response_types'],
    [
      'REG-06 response_types id_token',
      (b) => (b.response_types = ['id_token']),
      'invalid_client_metadata',
      'response_types',
    ],
    [
      'REG-06 response_types "code id_token"',
      (b) => (b.response_types = ['code id_token']),
      'invalid_client_metadata',
      'response_types',
    ],
    [
      'REG-06 response_types code and token',
      (b) => (b.response_types = ['code', 'token']),
      'invalid_client_metadata',
      'response_types',
    ],
    ['REG-06 response_types a string', (b) => (b.response_types = 'code'), 'invalid_client_metadata', 'response_types'],
    [
      'REG-06 grant_types password',
      (b) => (b.grant_types = ['authorization_code', 'password']),
      'invalid_client_metadata',
      'grant_types password',
    ],
    [
      'REG-06 grant_types implicit',
      (b) => (b.grant_types = ['implicit']),
      'invalid_client_metadata',
      'grant_types implicit',
    ],
    [
      'REG-06 grant_types device_code',
      (b) => (b.grant_types = ['urn:ietf:params:oauth:grant-type:device_code']),
      'invalid_client_metadata',
      'grant_types',
    ],
    ['REG-06 grant_types empty', (b) => (b.grant_types = []), 'invalid_client_metadata', 'grant_types'],
    [
      'REG-06 grant_types a string',
      (b) => (b.grant_types = 'authorization_code'),
      'invalid_client_metadata',
      'grant_types',
    ],
    [
      'REG-06 code grant without the code response type',
      (b) => (b.response_types = []),
      'invalid_client_metadata',
      'response_types',
    ],
    [
      'REG-06 code response type without the code grant',
      (b) => (b.grant_types = ['client_credentials']),
      'invalid_client_metadata',
      'authorization_code',
    ],
    [
      'REG-06 refresh_token without the code grant',
      (b) => {
        b.grant_types = ['client_credentials', 'refresh_token'];
        b.response_types = [];
      },
      'invalid_client_metadata',
      'refresh_token',
    ],
  ]);

  it('REG-06 refuses client_credentials where the server does not offer it', async () => {
    const policy = { ...POLICY, grantTypesSupported: ['authorization_code' as const, 'refresh_token' as const] };
    const body = { ...privateKeyJwtClient(), grant_types: ['client_credentials'], response_types: [] };
    await expectRefused(body, 'invalid_client_metadata', 'grant_types client_credentials', policy);
  });

  it.each([
    ['defaults (RFC 7591 §2)', {}, ['authorization_code'], ['code']],
    [
      'any order',
      { grant_types: ['refresh_token', 'client_credentials', 'authorization_code'] },
      ['refresh_token', 'client_credentials', 'authorization_code'],
      ['code'],
    ],
    [
      'duplicates removed',
      { grant_types: ['authorization_code', 'authorization_code'], response_types: ['code', 'code'] },
      ['authorization_code'],
      ['code'],
    ],
    [
      'client_credentials only',
      { grant_types: ['client_credentials'], response_types: [] },
      ['client_credentials'],
      [],
    ],
  ])('REG-06 accepts %s', async (_name, change, grantTypes, responseTypes) => {
    const body: Body = { ...privateKeyJwtClient(), ...change };
    if (!('grant_types' in change)) delete body.grant_types;
    if (!('response_types' in change)) delete body.response_types;
    await expect(accept(body)).resolves.toMatchObject({ grant_types: grantTypes, response_types: responseTypes });
  });
});

describe('REG-07 FAPI2-SP 5.4.1: signing algorithms', () => {
  const members = [
    'token_endpoint_auth_signing_alg',
    'id_token_signed_response_alg',
    'request_object_signing_alg',
    'authorization_signed_response_alg',
    'userinfo_signed_response_alg',
    'introspection_signed_response_alg',
  ];
  const rows = members.flatMap((member) =>
    ['RS256', 'none', 'HS256', 'ES384', 'ps256', 42].map((alg) => [member, alg] as const),
  );

  it.each(rows)('REG-07 refuses %s %p', (member, alg) =>
    expectRefused({ ...privateKeyJwtClient(), [member]: alg }, 'invalid_client_metadata', member),
  );

  it.each(members.flatMap((member) => ['PS256', 'ES256', 'EdDSA'].map((alg) => [member, alg] as const)))(
    'REG-07 accepts %s %s',
    async (member, alg) => {
      await expect(accept({ ...privateKeyJwtClient(), [member]: alg })).resolves.toMatchObject({ [member]: alg });
    },
  );

  it('REG-07 narrows to the policy algs, and the id_token default is the first of them (never RS256)', async () => {
    const policy = { ...POLICY, signingAlgs: ['ES256' as const] };
    await expect(accept(privateKeyJwtClient(), policy)).resolves.toMatchObject({
      id_token_signed_response_alg: 'ES256',
    });
    await expectRefused(
      { ...privateKeyJwtClient(), request_object_signing_alg: 'PS256' },
      'invalid_client_metadata',
      'request_object_signing_alg',
      policy,
    );
  });

  it('a request_object_signing_alg needs keys to verify with', () =>
    expectRefused(
      mtlsClient({ request_object_signing_alg: 'PS256' }),
      'invalid_client_metadata',
      'request_object_signing_alg',
    ));

  it.each([
    'id_token_encrypted_response_alg',
    'id_token_encrypted_response_enc',
    'userinfo_encrypted_response_alg',
    'request_object_encryption_alg',
    'authorization_encrypted_response_alg',
    'authorization_encrypted_response_enc',
    'introspection_encrypted_response_alg',
  ])('refuses the encryption member %s (not supported)', (member) =>
    expectRefused({ ...privateKeyJwtClient(), [member]: 'RSA-OAEP-256' }, 'invalid_client_metadata', member),
  );
});

describe('REG-08 RFC 7591 §3.1.1 / §3.2.2: software_statement', () => {
  const header = Buffer.from(JSON.stringify({ alg: 'PS256', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify({ software_id: 'x' })).toString('base64url');

  it.each<[string, () => unknown, OAuthErrorCode]>([
    [
      'REG-08 a well-formed statement from an issuer nobody trusts',
      () => `${header}.${payload}.c2ln`,
      'unapproved_software_statement',
    ],
    ['REG-08 an unsigned statement shape', () => `${header}.${payload}.`, 'unapproved_software_statement'],
    ['REG-08 not a JWT', () => 'not-a-jwt', 'invalid_software_statement'],
    ['REG-08 a header that is not JSON', () => `bm90IGpzb24.${payload}.c2ln`, 'invalid_software_statement'],
    ['REG-08 not a string', () => ({ software_id: 'x' }), 'invalid_software_statement'],
  ])('%s', (_name, statement, error) =>
    expectRefused({ ...privateKeyJwtClient(), software_statement: statement() }, error, 'software_statement'),
  );
});

describe('RFC 7591 §2 scope, and the ACP scopes array (REFERENCE §c.2)', () => {
  it.each([
    ['scope string', { scope: 'openid accounts' }, 'openid accounts'],
    ['scopes array', { scopes: ['accounts', 'openid'] }, 'accounts openid'],
    ['both naming the same set', { scope: 'openid accounts', scopes: ['accounts', 'openid'] }, 'openid accounts'],
    ['duplicates and extra spaces', { scope: ' openid  accounts openid ' }, 'openid accounts'],
    ['omitted: the default scopes', {}, 'openid email profile offline_access accounts'],
    ['an empty string: the default scopes', { scope: '' }, 'openid email profile offline_access accounts'],
    ['an empty array: the default scopes', { scopes: [] }, 'openid email profile offline_access accounts'],
  ])('accepts %s', async (_name, change, scope) => {
    await expect(accept({ ...privateKeyJwtClient(), ...change })).resolves.toMatchObject({ scope });
    expect(await accept({ ...privateKeyJwtClient(), ...change })).not.toHaveProperty('scopes');
  });

  refusedRows(privateKeyJwtClient, [
    [
      'scope and scopes that differ',
      (b) => Object.assign(b, { scope: 'openid', scopes: ['openid', 'accounts'] }),
      'invalid_client_metadata',
      'scope and scopes',
    ],
    ['an unknown scope', (b) => (b.scope = 'openid payments'), 'invalid_client_metadata', 'scope payments'],
    [
      'a system scope in scope',
      (b) => (b.scope = 'openid introspect_tokens'),
      'invalid_client_metadata',
      'scope introspect_tokens is reserved',
    ],
    [
      'a system scope in scopes',
      (b) => (b.scopes = ['manage_consents']),
      'invalid_client_metadata',
      'scope manage_consents is reserved',
    ],
    ['a scope that is not a scope token', (b) => (b.scope = 'open"id'), 'invalid_client_metadata', 'scope'],
    ['scope as an array', (b) => (b.scope = ['openid']), 'invalid_client_metadata', 'scope'],
    ['scopes as a string', (b) => (b.scopes = 'openid'), 'invalid_client_metadata', 'scopes'],
    ['scopes with a number', (b) => (b.scopes = ['openid', 7]), 'invalid_client_metadata', 'scopes'],
  ]);

  it('refuses a system scope even where the server lists it as supported', async () => {
    const policy = { ...POLICY, scopesSupported: [...POLICY.scopesSupported, 'introspect_tokens'] };
    const body = { ...privateKeyJwtClient(), scope: 'introspect_tokens' };
    await expectRefused(body, 'invalid_client_metadata', 'scope introspect_tokens is reserved', policy);
  });

  it('never defaults to a system scope, nor to one the server does not support', async () => {
    const policy = {
      ...POLICY,
      scopesSupported: [...POLICY.scopesSupported, 'revoke_tokens'],
      defaultScopes: ['openid', 'revoke_tokens', 'payments', 'accounts'],
    };
    await expect(accept(privateKeyJwtClient(), policy)).resolves.toMatchObject({ scope: 'openid accounts' });
  });
});

describe('RFC 7591 §2 and extensions: member types name the member', () => {
  refusedRows(privateKeyJwtClient, [
    [
      'dpop_bound_access_tokens a string',
      (b) => (b.dpop_bound_access_tokens = 'true'),
      'invalid_client_metadata',
      'dpop_bound_access_tokens',
    ],
    [
      'tls_client_certificate_bound_access_tokens a number',
      (b) => (b.tls_client_certificate_bound_access_tokens = 1),
      'invalid_client_metadata',
      'tls_client_certificate_bound_access_tokens',
    ],
    [
      'require_pushed_authorization_requests a string',
      (b) => (b.require_pushed_authorization_requests = 'yes'),
      'invalid_client_metadata',
      'require_pushed_authorization_requests',
    ],
    [
      'authorization_details_types unsupported',
      (b) => (b.authorization_details_types = ['payment_initiation']),
      'invalid_client_metadata',
      'authorization_details_types payment_initiation',
    ],
    [
      'authorization_details_types a string',
      (b) => (b.authorization_details_types = 'account_information'),
      'invalid_client_metadata',
      'authorization_details_types',
    ],
    ['client_name empty', (b) => (b.client_name = ''), 'invalid_client_metadata', 'client_name'],
    ['client_name too long', (b) => (b.client_name = 'x'.repeat(201)), 'invalid_client_metadata', 'client_name'],
    ['client_name a number', (b) => (b.client_name = 42), 'invalid_client_metadata', 'client_name'],
    ['client_uri over http', (b) => (b.client_uri = 'http://tpp.example.com'), 'invalid_client_metadata', 'client_uri'],
    ['logo_uri not a URL', (b) => (b.logo_uri = 'logo.png'), 'invalid_client_metadata', 'logo_uri'],
    [
      'policy_uri a javascript: URL',
      (b) => (b.policy_uri = 'javascript:alert(1)'),
      'invalid_client_metadata',
      'policy_uri',
    ],
    [
      'tos_uri with user information',
      (b) => (b.tos_uri = 'https://a:b@tpp.example.com/tos'),
      'invalid_client_metadata',
      'tos_uri',
    ],
    ['contacts a string', (b) => (b.contacts = 'ops@tpp.example.com'), 'invalid_client_metadata', 'contacts'],
    ['contacts with a number', (b) => (b.contacts = [7]), 'invalid_client_metadata', 'contacts'],
    ['software_id a number', (b) => (b.software_id = 7), 'invalid_client_metadata', 'software_id'],
    ['software_version empty', (b) => (b.software_version = ''), 'invalid_client_metadata', 'software_version'],
    [
      'subject_type pairwise where only public is supported',
      (b) => (b.subject_type = 'pairwise'),
      'invalid_client_metadata',
      'subject_type pairwise',
    ],
    ['subject_type unknown', (b) => (b.subject_type = 'anonymous'), 'invalid_client_metadata', 'subject_type'],
  ]);

  it('RFC 9126 §6: require_pushed_authorization_requests is always true (FAPI2-SP 5.3.2.2-2)', async () => {
    const body = { ...privateKeyJwtClient(), require_pushed_authorization_requests: false };
    await expect(accept(body)).resolves.toMatchObject({ require_pushed_authorization_requests: true });
  });

  it('subject_type pairwise where the policy supports it', async () => {
    const policy = { ...POLICY, subjectTypesSupported: ['public' as const, 'pairwise' as const] };
    const body = { ...privateKeyJwtClient(), subject_type: 'pairwise' };
    await expect(accept(body, policy)).resolves.toMatchObject({ subject_type: 'pairwise' });
  });
});

describe('PAR-19 RFC 9101 §10.5: require_signed_request_object', () => {
  it('is registered when true or false, and absent when not sent', async () => {
    await expect(accept({ ...privateKeyJwtClient(), require_signed_request_object: true })).resolves.toMatchObject({
      require_signed_request_object: true,
    });
    await expect(accept({ ...privateKeyJwtClient(), require_signed_request_object: false })).resolves.toMatchObject({
      require_signed_request_object: false,
    });
    expect(await accept(privateKeyJwtClient())).not.toHaveProperty('require_signed_request_object');
  });

  it('a tls_client_auth client with jwks may require signed request objects', async () => {
    const jwks = { keys: [{ ...keys.p256, use: 'sig', kid: 'ec-1' }] };
    await expect(accept(mtlsClient({ jwks, require_signed_request_object: true }))).resolves.toMatchObject({
      require_signed_request_object: true,
    });
  });

  it('refuses a non-boolean, and true without keys to verify the objects with', async () => {
    await expectRefused(
      { ...privateKeyJwtClient(), require_signed_request_object: 'yes' },
      'invalid_client_metadata',
      'require_signed_request_object must be a JSON boolean',
    );
    await expectRefused(
      mtlsClient({ require_signed_request_object: true }),
      'invalid_client_metadata',
      'require_signed_request_object requires jwks or jwks_uri',
    );
  });
});
