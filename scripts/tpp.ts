import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ensureSandboxPki } from '@ofs/pki';
import { ConfigError, dataDirOf, loadConfig, pkiDirOf, publicUrl } from '@ofs/platform';
import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { AuthServerEnv } from '../apps/auth-server/src/config/auth-server.env';

/*
 * `npm run tpp -- new <name> [--redirect-uri https://…]`: what a TPP developer needs to try their own client
 * against the sandbox — a signing key pair (JWKS), a client certificate from the sandbox CA, and the ready-to-run
 * registration requests for private_key_jwt and tls_client_auth, with the issuers and the next steps.
 */

const NAME = /^[a-z][a-z0-9-]{1,39}$/;
const usage = 'usage: npm run tpp -- new <name> [--redirect-uri https://your-app.example/callback]';

function fail(line: string): never {
  process.stderr.write(`tpp: ${line}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const [command, name, ...rest] = process.argv.slice(2);
  if (command !== 'new' || !name) fail(usage);
  if (!NAME.test(name))
    fail(`the name must be 2-40 lower-case letters, digits or dashes, starting with a letter (${name})`);
  let redirectUri = 'https://localhost:9443/callback';
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--redirect-uri' && rest[i + 1]) redirectUri = rest[++i]!;
    else fail(`unknown argument ${rest[i]}\n${usage}`);
  }
  if (!/^https:\/\/[^\s#]+$/.test(redirectUri)) fail(`--redirect-uri must be an https URL without a fragment`);

  let env: AuthServerEnv;
  try {
    env = loadConfig(AuthServerEnv, process.env);
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }
  const dataDir = dataDirOf(env);
  const kitDir = path.join(dataDir, 'tpp', name);
  mkdirSync(kitDir, { recursive: true });

  // The signing key (private_key_jwt, request objects, DPoP may use its own): ES256, kid = RFC 7638 thumbprint.
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), use: 'sig', alg: 'ES256' };
  const kid = await calculateJwkThumbprint(jwk);
  const jwks = { keys: [{ ...jwk, kid }] };
  writeFileSync(path.join(kitDir, 'private-key.pem'), await exportPKCS8(privateKey), { mode: 0o600 });
  writeFileSync(path.join(kitDir, 'jwks.json'), `${JSON.stringify(jwks, null, 2)}\n`);

  // A client certificate of the sandbox CA (tls_client_auth, certificate-bound tokens).
  const subject = `CN=${name},OU=TPP,O=${name},C=GB`;
  const pki = await ensureSandboxPki({ dir: pkiDirOf(env), servers: [], clients: [{ name: `tpp-${name}`, subject }] });
  const certificate = pki.clients[`tpp-${name}`]!;

  const base = publicUrl(env, env.AUTH_SERVER_PORT);
  const mtlsBase = publicUrl(env, env.AUTH_SERVER_MTLS_PORT);
  const rel = (file: string) => {
    const relative = path.relative(process.cwd(), file);
    return relative && !relative.startsWith('..') ? relative : file;
  };
  const common = {
    client_name: name,
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    scope: 'openid accounts offline_access',
    authorization_details_types: ['account_information'],
  };
  const pkjwt = { ...common, token_endpoint_auth_method: 'private_key_jwt', jwks, dpop_bound_access_tokens: true };
  const mtls = {
    ...common,
    token_endpoint_auth_method: 'tls_client_auth',
    tls_client_auth_subject_dn: certificate.subject,
    tls_client_certificate_bound_access_tokens: true,
  };
  const curl = (url: string, body: object, cert = false) =>
    [
      `curl -sS --cacert ${rel(pki.caFile)}`,
      ...(cert ? [`  --cert ${rel(certificate.certFile)} --key ${rel(certificate.keyFile)}`] : []),
      `  -H 'Content-Type: application/json'`,
      `  -d '${JSON.stringify(body)}'`,
      `  ${url}`,
    ].join(' \\\n');

  const out = [
    `TPP kit for "${name}" in ${rel(kitDir)}:`,
    `  signing key     ${rel(path.join(kitDir, 'private-key.pem'))} (ES256, kid ${kid}); public JWKS ${rel(path.join(kitDir, 'jwks.json'))}`,
    `  certificate     ${rel(certificate.certFile)} + ${rel(certificate.keyFile)} (subject ${certificate.subject}, from the sandbox CA)`,
    `  sandbox CA      ${rel(pki.caFile)} (trust it: NODE_EXTRA_CA_CERTS=${rel(pki.caFile)})`,
    '',
    'Issuers (discovery at {issuer}/.well-known/openid-configuration):',
    `  Go Bank          ${base}/obgeneric/gobank`,
    `  Hyperscale Bank  ${base}/obgeneric/hyperscalebank`,
    '',
    '1. Register with private_key_jwt and DPoP-bound tokens (RFC 7591; keep client_id and registration_access_token):',
    '',
    curl(`${base}/obgeneric/gobank/oauth2/register`, pkjwt),
    '',
    '2. Or with tls_client_auth and certificate-bound tokens (mutual TLS, port of the mTLS aliases):',
    '',
    curl(`${mtlsBase}/obgeneric/gobank/oauth2/register`, mtls, true),
    '',
    'Next:',
    `  - Push the authorization request to {issuer}/par (PKCE S256; private_key_jwt with ${rel(path.join(kitDir, 'private-key.pem'))},`,
    '    or mutual TLS at the mtls_endpoint_aliases with the certificate), then send the browser to',
    '    {issuer}/oauth2/authorize?client_id=…&request_uri=…; sign in as user / p@ssword!.',
    `  - A ready example with panva's openid-client: test/strict-client/fapi-message-signing-client.mjs.`,
    "  - This kit's two clients through a whole flow with openid-client, step by step: test/tpp-kit.e2e-spec.ts.",
    '  - A request refused? Every refusal carries error and error_description; the README explains how to look it up.',
    '',
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

void main();
