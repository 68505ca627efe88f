#!/usr/bin/env node
// A TPP developer's script against the sandbox, with panva's openid-client and no relaxed settings:
// register by DCR, push an authorization request with DPoP, log in and consent through the real pages,
// exchange the code, call userinfo, introspect, refresh, revoke. Prints one JSON object with what it saw.
// Usage: NODE_EXTRA_CA_CERTS=.data/pki/ca.pem node test/strict-client/fapi-client.mjs https://localhost:8443/obgeneric/gobank
import * as client from 'openid-client';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { signInAndAgree } from './user-browser.mjs';

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

// The user's browser: the server's own login and consent pages.
const { callback, consentPage } = await signInAndAgree(authorizationUrl, issuer);

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
