#!/usr/bin/env node
// A TPP developer's script against the sandbox, with panva's openid-client and no relaxed settings:
// register by DCR, push an authorization request with DPoP, log in and consent through the real pages,
// exchange the code, call userinfo, introspect, refresh, revoke. Prints one JSON object with what it saw.
// Usage: NODE_EXTRA_CA_CERTS=.data/pki/ca.pem node test/strict-client/fapi-client.mjs https://localhost:8443/obgeneric/gobank
import * as client from 'openid-client';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';

const issuer = new URL(process.argv[2] ?? 'https://localhost:8443/obgeneric/gobank');
const redirectUri = 'https://tpp.example/callback';

const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
const jwk = { ...(await exportJWK(publicKey)), use: 'sig', alg: 'ES256' };
jwk.kid = await calculateJwkThumbprint(jwk);

// RFC 7591: open registration; the configuration carries the discovered metadata and the client.
const config = await client.dynamicClientRegistration(
  issuer,
  {
    client_name: 'Strict FAPI client',
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'private_key_jwt',
    jwks: { keys: [jwk] },
    scope: 'openid email accounts offline_access',
    dpop_bound_access_tokens: true,
  },
  client.PrivateKeyJwt({ key: privateKey, kid: jwk.kid }),
);
const registered = config.clientMetadata();

const DPoP = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'));
const verifier = client.randomPKCECodeVerifier();
const state = client.randomState();
const nonce = client.randomNonce();
const authorizationUrl = await client.buildAuthorizationUrlWithPAR(
  config,
  {
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'openid email accounts offline_access',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  },
  { DPoP },
);

// The user's browser: the server's own login and consent pages, cookies kept, redirects followed on the server.
const cookies = new Map();
async function browse(url, init = {}) {
  const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(url, {
    ...init,
    redirect: 'manual',
    headers: { ...(init.headers ?? {}), ...(cookie ? { cookie } : {}) },
  });
  for (const set of res.headers.getSetCookie()) {
    const [pair] = set.split(';');
    const i = pair.indexOf('=');
    cookies.set(pair.slice(0, i), pair.slice(i + 1));
  }
  return res;
}
const form = (fields) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});
async function follow(res) {
  while (res.status === 303) {
    const next = new URL(res.headers.get('location'), issuer);
    if (next.origin !== issuer.origin) return next;
    res = await browse(next);
  }
  throw new Error(`unexpected ${res.status} from ${res.url}: ${(await res.text()).slice(0, 300)}`);
}
const start = await browse(authorizationUrl);
const loginUrl = new URL(start.headers.get('location'), issuer);
const loginPage = await (await browse(loginUrl)).text();
if (!loginPage.includes('id="text-field-username-input"')) throw new Error('no login page');
const consent = await browse(loginUrl, form({ username: 'user', password: 'p@ssword!' }));
const consentUrl = new URL(consent.headers.get('location'), issuer);
const consentPage = await (await browse(consentUrl)).text();
const callback = await follow(await browse(consentUrl, form({ action: 'confirm' })));

const tokens = await client.authorizationCodeGrant(
  config,
  callback,
  { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true },
  undefined,
  { DPoP },
);
const claims = tokens.claims();
const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub, { DPoP });
const introspected = await client.tokenIntrospection(config, tokens.access_token);
const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token, undefined, { DPoP });
await client.tokenRevocation(config, tokens.refresh_token);
const afterRevocation = await client.tokenIntrospection(config, refreshed.access_token);

process.stdout.write(
  `${JSON.stringify({
    client_id: registered.client_id,
    consent_page_names_client: consentPage.includes('Strict FAPI client'),
    callback_iss: callback.searchParams.get('iss'),
    token_type: tokens.token_type,
    scope: tokens.scope,
    id_token: { iss: claims.iss, sub: claims.sub, aud: claims.aud, nonce_ok: claims.nonce === nonce },
    userinfo,
    introspection: {
      active: introspected.active,
      client_id: introspected.client_id,
      cnf: introspected.cnf,
      token_type: introspected.token_type,
    },
    refreshed_token_type: refreshed.token_type,
    after_revocation: afterRevocation,
  })}\n`,
);
