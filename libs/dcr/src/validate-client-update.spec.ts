import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { OAuthError, type OAuthErrorCode } from '@ofs/oauth';
import { clientInformationResponse } from './client-information-response';
import { FAPI_REGISTRATION_DEFAULTS, type RegistrationPolicy } from './client-metadata';
import { validateClientMetadata } from './validate-client-metadata';
import { validateClientUpdate } from './validate-client-update';

type Body = Record<string, unknown>;

const POLICY: RegistrationPolicy = {
  ...FAPI_REGISTRATION_DEFAULTS,
  scopesSupported: ['openid', 'email', 'profile', 'offline_access', 'accounts'],
  defaultScopes: ['openid', 'accounts'],
  systemScopes: ['introspect_tokens', 'revoke_tokens'],
  authorizationDetailsTypes: ['account_information'],
};
const CLIENT_ID = 'b0a3f1d2-client';
const CREDENTIALS = {
  client_id: CLIENT_ID,
  client_id_issued_at: 1_788_000_000,
  registration_access_token: 'rat-9f8e7d',
  registration_client_uri: `https://as.sandbox.example/oauth2/register/${CLIENT_ID}`,
};
const READ_ONLY = [
  'registration_access_token',
  'registration_client_uri',
  'client_id_issued_at',
  'client_secret_expires_at',
];

let key: JWK;
beforeAll(async () => {
  key = { ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey)), kid: 'k1' };
});

/** What the OIDF suite PUTs (REG-12): the full registration response minus the four read-only members. */
async function suiteUpdateBody(): Promise<Body> {
  const registered = await validateClientMetadata(
    {
      redirect_uris: ['https://tpp.example.com/callback'],
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [key] },
      grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
      scope: 'openid accounts offline_access',
      client_name: 'TPP',
    },
    POLICY,
  );
  const body: Body = { ...clientInformationResponse(registered, CREDENTIALS) };
  for (const member of READ_ONLY) delete body[member];
  return body;
}

async function expectRefused(body: unknown, error: OAuthErrorCode, mentions: string) {
  let e: unknown;
  try {
    await validateClientUpdate(body, { client_id: CLIENT_ID }, POLICY);
  } catch (caught) {
    e = caught;
  }
  expect(e).toBeInstanceOf(OAuthError);
  expect({ error: (e as OAuthError).error, status: (e as OAuthError).status }).toEqual({ error, status: 400 });
  expect((e as OAuthError).description).toContain(mentions);
}

describe('REG-12 RFC 7592 §2.2: client update request', () => {
  it('REG-12 accepts the registration response sent back unchanged, and returns the same metadata', async () => {
    const body = await suiteUpdateBody();
    const { client_id: _clientId, ...metadata } = body;
    await expect(validateClientUpdate(body, { client_id: CLIENT_ID }, POLICY)).resolves.toEqual(metadata);
  });

  it('REG-12 applies a new redirect URI (the suite adds a query suffix)', async () => {
    const body = { ...(await suiteUpdateBody()), redirect_uris: ['https://tpp.example.com/callback?dummy1=lorem'] };
    await expect(validateClientUpdate(body, { client_id: CLIENT_ID }, POLICY)).resolves.toMatchObject({
      redirect_uris: ['https://tpp.example.com/callback?dummy1=lorem'],
    });
  });

  it('REG-12 replaces the whole registration: an omitted member takes its default again', async () => {
    const body = await suiteUpdateBody();
    delete body.scope;
    delete body.client_name;
    const updated = await validateClientUpdate(body, { client_id: CLIENT_ID }, POLICY);
    expect(updated.scope).toBe('openid accounts');
    expect(updated).not.toHaveProperty('client_name');
  });

  it.each(READ_ONLY.map((member) => [member]))('REG-12 accepts %s sent as null (RFC 7592 §2.2)', async (member) => {
    const body = { ...(await suiteUpdateBody()), [member]: null };
    await expect(validateClientUpdate(body, { client_id: CLIENT_ID }, POLICY)).resolves.toBeDefined();
  });

  it.each([
    ...READ_ONLY.map((member) => [`REG-12 ${member} included`, { [member]: 'x' }, 'invalid_request', member] as const),
    ['REG-12 a client_secret (none was issued)', { client_secret: 's3cret' }, 'invalid_request', 'client_secret'],
    ['REG-12 client_id of another client', { client_id: 'other-client' }, 'invalid_client_metadata', 'client_id'],
    ['REG-12 client_id missing', { client_id: undefined }, 'invalid_client_metadata', 'client_id'],
    ['REG-12 client_id not a string', { client_id: 42 }, 'invalid_client_metadata', 'client_id'],
    [
      'REG-12 an invalid redirect URI',
      { redirect_uris: ['http://tpp.example.com/cb'] },
      'invalid_redirect_uri',
      'redirect_uris',
    ],
    ['REG-12 no redirect URI', { redirect_uris: [] }, 'invalid_redirect_uri', 'redirect_uris'],
    [
      'REG-12 an http jwks_uri',
      { jwks: undefined, jwks_uri: 'http://tpp.example.com/jwks' },
      'invalid_client_metadata',
      'jwks_uri',
    ],
    [
      'REG-12 jwks with a private key',
      { jwks: { keys: [{ kty: 'oct', k: 'AAAA' }] } },
      'invalid_client_metadata',
      'jwks',
    ],
    [
      'REG-12 a non-FAPI alg',
      { id_token_signed_response_alg: 'RS256' },
      'invalid_client_metadata',
      'id_token_signed_response_alg',
    ],
    [
      'REG-12 a software statement',
      { software_statement: 'eyJhbGciOiJQUzI1NiJ9.e30.c2ln' },
      'unapproved_software_statement',
      'software_statement',
    ],
  ] as const)('%s', async (_name, change, error, mentions) => {
    const body: Body = { ...(await suiteUpdateBody()), ...change };
    for (const [member, value] of Object.entries(change)) if (value === undefined) delete body[member];
    await expectRefused(body, error, mentions);
  });

  it.each([null, [], 'client_id=x'])('refuses a body that is not a JSON object: %p', (body) =>
    expectRefused(body, 'invalid_client_metadata', 'JSON object'),
  );
});
