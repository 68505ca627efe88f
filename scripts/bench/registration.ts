import type { HttpClient } from './http-client';
import { generateEs256Key, type Es256Key } from './jws';

/** A private_key_jwt client of the server under test. */
export interface BenchClient {
  clientId: string;
  key: Es256Key;
}

export const REDIRECT_URI = 'https://bench.example/cb';

/** What the bench registers: a TPP (code flow, refresh, client credentials) and a bank's resource server. */
export const CLIENT_PROFILES = {
  tpp: {
    client_name: 'Bench TPP',
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
    response_types: ['code'],
    redirect_uris: [REDIRECT_URI],
    scope: 'openid email accounts offline_access',
  },
  bank: {
    client_name: 'Bench bank resource server',
    grant_types: ['client_credentials'],
    response_types: [],
    scope: 'accounts',
  },
} as const;

/** RFC 7591 dynamic registration at `{issuer}/oauth2/register` with a fresh ES256 key (jwks by value). */
export async function registerClient(
  http: HttpClient,
  issuer: string,
  profile: (typeof CLIENT_PROFILES)[keyof typeof CLIENT_PROFILES],
): Promise<BenchClient> {
  const key = generateEs256Key();
  const url = `${issuer}/oauth2/register`;
  const response = await http.send({
    method: 'POST',
    url,
    json: {
      ...profile,
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [{ ...key.publicJwk, kid: key.thumbprint, use: 'sig', alg: 'ES256' }] },
    },
  });
  if (response.status === 404) {
    throw new Error(
      `client registration failed: POST ${url} answered 404 — the auth-server has no registration endpoint ` +
        `(RFC 7591) yet, and the bench registers its clients through it`,
    );
  }
  let body: { client_id?: unknown } = {};
  try {
    body = JSON.parse(response.body) as { client_id?: unknown };
  } catch {
    // reported below
  }
  if (response.status !== 201 || typeof body.client_id !== 'string') {
    throw new Error(
      `client registration failed: POST ${url} answered ${response.status} ${response.body.slice(0, 400)}`,
    );
  }
  return { clientId: body.client_id, key };
}
