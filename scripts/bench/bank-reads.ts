import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { subjectDnOf } from '@ofs/pki';
import { BenchError, expectJson, expectStatus } from './bench-error';
import { CookieBrowser } from './cookie-browser';
import { DpopSession } from './dpop-session';
import { header, HttpClient } from './http-client';
import { clientAuth, generateEs256Key, s256, signEs256, type Es256Key } from './jws';
import type { StepTimer } from './load-runner';

/*
 * The bank data API benchmark: `GET /banking/accounts` as a TPP calls it, with a token of a real consent (the
 * customer's journey through the bank's own consent page, so the bank's store holds the consent), a fresh DPoP
 * proof on every call, or the certificate on the connection for a certificate-bound token (RFC 8705).
 */

export type BankId = 'gobank' | 'hyperscalebank';

/** One bank of the sandbox: its issuer at the authorization server and its data API. */
export interface BankTarget {
  id: BankId;
  /** `https://localhost:8443/obgeneric/gobank`. */
  issuer: string;
  /** `https://localhost:8070`. */
  apiUrl: string;
}

/** How the TPP's tokens are bound: DPoP (private_key_jwt client) or its certificate (tls_client_auth client). */
export type Binding = 'dpop' | 'mtls';

/** One concurrent TPP client of the read benchmark: its token, and its DPoP key or certificate connection. */
export interface BankReader {
  http: HttpClient;
  token: string;
  /** The DPoP key the token is bound to; undefined for a certificate-bound token. */
  key?: Es256Key;
  /** How many accounts the consent shares (each read must list exactly these). */
  accounts: number;
}

const USER = { username: 'user', password: 'p@ssword!' };
const REDIRECT_URI = 'https://bench.example/cb';
/** The consent's details: the bench reads the account list only (RFC 9396, narrowed by the bank's page). */
const DETAILS = [{ type: 'account_information', permissions: ['ReadAccountsBasic'] }];

interface Discovery {
  parEndpoint: string;
  tokenEndpoint: string;
}

/** The TPP's certificate in the sandbox PKI (`<data>/pki/financroo`): what a tls_client_auth TPP presents. */
export function tppCertificate(dataDir: string): { cert: string; key: string } {
  const dir = path.join(dataDir, 'pki', 'financroo');
  return {
    cert: readFileSync(path.join(dir, 'client.pem'), 'utf8'),
    key: readFileSync(path.join(dir, 'client-key.pem'), 'utf8'),
  };
}

/**
 * `count` readers of one bank, each with its own consent and token: a TPP registered by RFC 7591, then for
 * each reader PAR → authorize → login → the bank's consent page (every offered account ticked) → the code
 * exchanged for a token. `http` is the bench's client; `mtlsHttp` presents the TPP certificate (binding `mtls`).
 */
export async function prepareReaders(input: {
  bank: BankTarget;
  binding: Binding;
  count: number;
  http: HttpClient;
  mtlsHttp?: HttpClient;
  certificatePem?: string;
}): Promise<BankReader[]> {
  const { bank, binding, http } = input;
  const tppHttp = binding === 'mtls' ? input.mtlsHttp! : http;
  const discovery = await discover(http, bank.issuer, binding);
  const client = await registerTpp(http, bank.issuer, binding, input.certificatePem);
  const readers: BankReader[] = [];
  const parallel = 4;
  for (let i = 0; i < input.count; i += parallel) {
    const batch = Array.from({ length: Math.min(parallel, input.count - i) }, () =>
      consentedToken(tppHttp, bank, discovery, client, binding),
    );
    for (const got of await Promise.all(batch)) readers.push({ ...got, http: tppHttp });
  }
  return readers;
}

/** `GET /banking/accounts` with a fresh proof; the bank's Server-Timing metrics go to `step`. */
export async function readAccounts(bank: BankTarget, reader: BankReader, step: StepTimer): Promise<void> {
  const url = `${bank.apiUrl}/banking/accounts`;
  const headers: Record<string, string> = reader.key
    ? { authorization: `DPoP ${reader.token}`, dpop: proofWithAth(reader.key, 'GET', url, reader.token) }
    : { authorization: `Bearer ${reader.token}` };
  const response = await reader.http.send({ method: 'GET', url, headers });
  expectStatus('GET /banking/accounts', response, 200);
  const body = JSON.parse(response.body) as { data?: { accounts?: unknown[] } };
  const listed = body.data?.accounts?.length;
  if (listed !== reader.accounts)
    throw new BenchError('GET /banking/accounts', 200, `${listed} accounts instead of ${reader.accounts}`);
  for (const [name, ms] of serverTimings(header(response, 'server-timing'))) step(name, ms);
}

/** RFC 9449 §4.2 proof for a protected resource: with `ath`, the hash of the access token (§4.3). */
function proofWithAth(key: Es256Key, htm: string, htu: string, token: string): string {
  const ath = createHash('sha256').update(token).digest('base64url');
  return signEs256(
    { typ: 'dpop+jwt', jwk: key.publicJwk },
    { jti: randomUUID(), htm, htu, iat: Math.floor(Date.now() / 1000), ath },
    key,
  );
}

/** The `dur` of each metric of a W3C Server-Timing header (`name;dur=1.2, other;dur=3`). */
export function serverTimings(value: string | undefined): Array<[string, number]> {
  if (!value) return [];
  const metrics: Array<[string, number]> = [];
  for (const entry of value.split(',')) {
    const [name, ...params] = entry.split(';').map((part) => part.trim());
    const dur = params.find((p) => p.startsWith('dur='));
    if (name && dur) metrics.push([name, Number(dur.slice(4))]);
  }
  return metrics;
}

async function discover(http: HttpClient, issuer: string, binding: Binding): Promise<Discovery> {
  const response = await http.send({ method: 'GET', url: `${issuer}/.well-known/openid-configuration` });
  const config = JSON.parse(expectStatus('discovery', response, 200).body) as {
    pushed_authorization_request_endpoint: string;
    token_endpoint: string;
    mtls_endpoint_aliases?: { pushed_authorization_request_endpoint?: string; token_endpoint?: string };
  };
  if (binding === 'dpop')
    return { parEndpoint: config.pushed_authorization_request_endpoint, tokenEndpoint: config.token_endpoint };
  const aliases = config.mtls_endpoint_aliases ?? {};
  if (!aliases.pushed_authorization_request_endpoint || !aliases.token_endpoint)
    throw new Error(`${issuer} advertises no mutual-TLS aliases for PAR and token`);
  return { parEndpoint: aliases.pushed_authorization_request_endpoint, tokenEndpoint: aliases.token_endpoint };
}

interface Tpp {
  clientId: string;
  /** private_key_jwt clients only. */
  key?: Es256Key;
}

/** RFC 7591: a private_key_jwt client (DPoP) or a tls_client_auth one with certificate-bound tokens. */
async function registerTpp(http: HttpClient, issuer: string, binding: Binding, certificatePem?: string): Promise<Tpp> {
  const common = {
    client_name: 'Bench TPP',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    redirect_uris: [REDIRECT_URI],
    scope: 'openid accounts',
  };
  const key = binding === 'dpop' ? generateEs256Key() : undefined;
  const metadata = key
    ? {
        ...common,
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [{ ...key.publicJwk, kid: key.thumbprint, use: 'sig', alg: 'ES256' }] },
      }
    : {
        ...common,
        token_endpoint_auth_method: 'tls_client_auth',
        tls_client_auth_subject_dn: subjectDnOf(certificatePem!),
        tls_client_certificate_bound_access_tokens: true,
      };
  const response = await http.send({ method: 'POST', url: `${issuer}/oauth2/register`, json: metadata });
  return { clientId: expectJson('registration', response, 201, ['client_id']).client_id, key };
}

async function consentedToken(
  http: HttpClient,
  bank: BankTarget,
  discovery: Discovery,
  client: Tpp,
  binding: Binding,
): Promise<Omit<BankReader, 'http'>> {
  const dpop = binding === 'dpop' ? new DpopSession(http) : undefined;
  const auth = (): Record<string, string> =>
    client.key ? clientAuth(client.clientId, client.key, bank.issuer) : { client_id: client.clientId };
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const parForm = (): Record<string, string> => ({
    ...auth(),
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: 'openid accounts',
    state,
    code_challenge: s256(verifier),
    code_challenge_method: 'S256',
    authorization_details: JSON.stringify(DETAILS),
  });
  const par = dpop
    ? await dpop.post('PAR', discovery.parEndpoint, parForm)
    : await http.send({ method: 'POST', url: discovery.parEndpoint, form: parForm() });
  const requestUri = expectJson('PAR', par, 201, ['request_uri']).request_uri;

  const browser = new CookieBrowser(http);
  const authorize = new URL(`${bank.issuer}/oauth2/authorize`);
  authorize.searchParams.set('client_id', client.clientId);
  authorize.searchParams.set('request_uri', requestUri);
  const loginUrl = CookieBrowser.location('authorize', await browser.request('GET', authorize.href), bank.issuer);
  expectStatus('login page', await browser.request('GET', loginUrl.href), 200);
  const login = await browser.request('POST', loginUrl.href, Object.entries(USER));
  const pageUrl = CookieBrowser.location('login', login, bank.issuer);
  if (pageUrl.origin === new URL(bank.issuer).origin)
    throw new BenchError('login', 303, `${bank.id} has no consent page of its own (sent to ${pageUrl.pathname})`);
  const page = expectStatus('bank consent page', await browser.request('GET', pageUrl.href), 200).body;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!csrf) throw new BenchError('bank consent page', 200, 'no _csrf field');
  const accounts = [...page.matchAll(/name="account_ids" value="([^"]+)"/g)].map((m) => m[1]!);
  if (!accounts.length) throw new BenchError('bank consent page', 200, 'no account offered');
  const decision: Array<[string, string]> = [
    ['_csrf', csrf],
    ...accounts.map((id): [string, string] => ['account_ids', id]),
    ['action', 'confirm'],
  ];
  let next = CookieBrowser.location(
    'I Agree',
    await browser.request('POST', `${pageUrl.origin}/`, decision),
    pageUrl.href,
  );
  for (let hops = 0; `${next.origin}${next.pathname}` !== REDIRECT_URI; hops++) {
    if (hops === 5) throw new BenchError('resume', 303, `too many redirects, at ${next.pathname}`);
    const at = next;
    next = CookieBrowser.location('resume', await browser.request('GET', at.href), at.href);
  }
  const code = next.searchParams.get('code');
  if (!code || next.searchParams.get('state') !== state)
    throw new BenchError('resume', 303, `unexpected redirect ${next.href.slice(0, 200)}`);

  const tokenForm = (): Record<string, string> => ({
    ...auth(),
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
  });
  const response = dpop
    ? await dpop.post('token', discovery.tokenEndpoint, tokenForm)
    : await http.send({ method: 'POST', url: discovery.tokenEndpoint, form: tokenForm() });
  const tokens = expectJson('token (authorization_code)', response, 200, ['access_token', 'token_type']);
  if (tokens.token_type !== (dpop ? 'DPoP' : 'Bearer'))
    throw new BenchError('token (authorization_code)', 200, `token_type ${tokens.token_type}`);
  return { token: tokens.access_token, key: dpop?.key, accounts: accounts.length };
}
