#!/usr/bin/env node
// A TPP developer's script against the sandbox with panva's openid-client and no relaxed settings, for FAPI 2.0
// Message Signing with rich authorization requests: register by DCR, push a signed request object with
// account_information details, log in and consent through the real pages, read the JARM response, exchange the
// code for a sender-constrained token, introspect it. Prints one JSON object with what it saw.
//
// Usage: NODE_EXTRA_CA_CERTS=.data/pki/ca.pem node test/strict-client/fapi-message-signing-client.mjs <issuer> <mode>
//   mode `mtls`: tls_client_auth with the certificate in CLIENT_CERT_FILE / CLIENT_KEY_FILE (subject CLIENT_CERT_DN),
//                certificate-bound tokens, the mutual-TLS endpoint aliases;
//   mode `dpop`: private_key_jwt and DPoP.
import { readFileSync } from 'node:fs';
import * as https from 'node:https';
import * as client from 'openid-client';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { signInAndAgree } from './user-browser.mjs';

const issuer = new URL(process.argv[2] ?? 'https://localhost:8443/obgeneric/gobank');
const mode = process.argv[3] ?? 'dpop';
const redirectUri = 'https://tpp.example/callback';
const details = [
  {
    type: 'account_information',
    accounts: ['1000001', '96534987'],
    permissions: ['ReadAccountsBasic', 'ReadBalances', 'ReadTransactionsDetail'],
  },
];

// The key that signs the request objects (and, with private_key_jwt, the client assertions).
const { publicKey, privateKey } = await generateKeyPair('PS256', { extractable: true });
const jwk = { ...(await exportJWK(publicKey)), use: 'sig', alg: 'PS256' };
jwk.kid = await calculateJwkThumbprint(jwk);
const signingKey = { key: privateKey, kid: jwk.kid };

/**
 * openid-client's documented hook for mutual TLS (customFetch): every request offers the client certificate.
 * Node's fetch has no option for one, so this is node:https behind the fetch signature.
 */
function mtlsFetch(cert, key) {
  return (url, options = {}) =>
    new Promise((resolve, reject) => {
      const body =
        options.body === undefined || options.body === null
          ? undefined
          : options.body instanceof URLSearchParams
            ? options.body.toString()
            : String(options.body);
      const headers = Object.fromEntries(new Headers(options.headers).entries());
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const req = https.request(
        url,
        { method: options.method ?? 'GET', headers, cert, key, agent: false, signal: options.signal },
        (res) => {
          const chunks = [];
          res.on('data', (chunk) => chunks.push(chunk));
          res.on('end', () => {
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              for (const v of [value].flat()) if (v !== undefined) responseHeaders.append(name, v);
            }
            const status = res.statusCode ?? 0;
            const payload = status === 204 || status === 304 ? null : Buffer.concat(chunks);
            resolve(new Response(payload, { status, headers: responseHeaders }));
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
}

const common = {
  client_name: `Strict ${mode} message-signing client`,
  redirect_uris: [redirectUri],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  jwks: { keys: [jwk] },
  scope: 'openid offline_access',
  authorization_details_types: ['account_information'],
  require_signed_request_object: true,
};

let config;
let DPoP;
if (mode === 'mtls') {
  const fetchWithCertificate = mtlsFetch(
    readFileSync(process.env.CLIENT_CERT_FILE, 'utf8'),
    readFileSync(process.env.CLIENT_KEY_FILE, 'utf8'),
  );
  const registered = await client.dynamicClientRegistration(
    issuer,
    {
      ...common,
      token_endpoint_auth_method: 'tls_client_auth',
      tls_client_auth_subject_dn: process.env.CLIENT_CERT_DN,
      tls_client_certificate_bound_access_tokens: true,
    },
    client.TlsClientAuth(),
    { [client.customFetch]: fetchWithCertificate },
  );
  // RFC 8705 §5: the client uses the mutual-TLS aliases (a client-side setting, not registration metadata).
  config = new client.Configuration(
    registered.serverMetadata(),
    registered.clientMetadata().client_id,
    { ...registered.clientMetadata(), use_mtls_endpoint_aliases: true },
    client.TlsClientAuth(),
  );
  config[client.customFetch] = fetchWithCertificate;
} else {
  config = await client.dynamicClientRegistration(
    issuer,
    { ...common, token_endpoint_auth_method: 'private_key_jwt', dpop_bound_access_tokens: true },
    client.PrivateKeyJwt(signingKey),
  );
  DPoP = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'));
}
// JARM: the authorization response is a JWT signed by the server (response_mode=jwt).
client.useJwtResponseMode(config);
const registered = config.clientMetadata();

const verifier = client.randomPKCECodeVerifier();
const state = client.randomState();
const nonce = client.randomNonce();
// RFC 9101 + RFC 9126: the request object is signed, then pushed (client_id and request, plus client auth).
const signed = await client.buildAuthorizationUrlWithJAR(
  config,
  {
    redirect_uri: redirectUri,
    scope: 'openid offline_access',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    authorization_details: JSON.stringify(details),
  },
  signingKey,
);
const authorizationUrl = await client.buildAuthorizationUrlWithPAR(config, signed.searchParams, { DPoP });

// The user's browser: the server's own login and consent pages.
const { callback, consentPage } = await signInAndAgree(authorizationUrl, issuer);

// openid-client checks the JARM JWT (signature from the JWKS, iss, aud, exp, state) before the code exchange.
const tokens = await client.authorizationCodeGrant(
  config,
  callback,
  { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true },
  undefined,
  { DPoP },
);
const claims = tokens.claims();
const introspected = await client.tokenIntrospection(config, tokens.access_token);

process.stdout.write(
  `${JSON.stringify({
    client_id: registered.client_id,
    token_endpoint_auth_method: registered.token_endpoint_auth_method,
    consent_page_in_words: consentPage.includes('Read your balances') && !consentPage.includes('ReadBalances'),
    callback_parameters: [...callback.searchParams.keys()].sort(),
    token_type: tokens.token_type,
    authorization_details: tokens.authorization_details,
    id_token: { iss: claims.iss, sub: claims.sub, aud: claims.aud, nonce_ok: claims.nonce === nonce },
    introspection: {
      active: introspected.active,
      client_id: introspected.client_id,
      token_type: introspected.token_type,
      cnf: introspected.cnf,
      authorization_details: introspected.authorization_details,
    },
  })}\n`,
);
