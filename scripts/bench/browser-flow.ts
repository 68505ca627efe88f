import { BenchError, expectJson, expectStatus } from './bench-error';
import { header, type HttpResponse } from './http-client';
import { clientAuth } from './jws';
import { timed, type StepTimer } from './load-runner';
import { pushAuthorizationRequest, type DpopWorker, type Target } from './operations';
import { REDIRECT_URI, type BenchClient } from './registration';

const USER = { username: 'user', password: 'p@ssword!' };

/**
 * A browser's cookies for one authorization: the server sets one Secure cookie per interaction
 * (`ofs_i_<id>`), scoped to the server's path; every request here goes to that server, so all are sent.
 */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: HttpResponse): void {
    const setCookie = response.headers['set-cookie'] ?? [];
    for (const line of Array.isArray(setCookie) ? setCookie : [setCookie]) {
      const pair = line.split(';', 1)[0]!;
      const index = pair.indexOf('=');
      if (index > 0) this.cookies.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
    }
  }

  header(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }
}

/** The browser's side: GETs and form POSTs with the jar's cookies, following nothing by itself. */
class Browser {
  readonly jar = new CookieJar();

  constructor(private readonly target: Target) {}

  async request(method: 'GET' | 'POST', url: string, form?: Record<string, string>): Promise<HttpResponse> {
    const response = await this.target.http.send({ method, url, form, headers: this.jar.header() });
    this.jar.store(response);
    return response;
  }

  /** Where a 303 of the authorization server points, absolute. */
  location(step: string, response: HttpResponse): URL {
    expectStatus(step, response, 303);
    const location = header(response, 'location');
    if (!location) throw new BenchError(step, response.status, 'a 303 without Location');
    return new URL(location, this.target.issuer);
  }
}

/**
 * The complete FAPI 2.0 authorization code flow, as a TPP and a browser do it: PAR (DPoP) → authorize →
 * login page → login → consent page → consent (I Agree) → resume → the client's redirect with the code →
 * token exchange (authorization_code + PKCE + DPoP). Every 303 on the server is followed, as a browser does.
 */
export async function completeFlow(
  target: Target,
  client: BenchClient,
  worker: DpopWorker,
  step: StepTimer,
): Promise<void> {
  const par = await pushAuthorizationRequest(target, client, worker, step);
  const browser = new Browser(target);
  const origin = new URL(target.issuer).origin;
  const authorize = new URL(`${target.issuer}/oauth2/authorize`);
  authorize.searchParams.set('client_id', client.clientId);
  authorize.searchParams.set('request_uri', par.requestUri);

  const toLogin = browser.location(
    'authorize',
    await timed(step, 'authorize', () => browser.request('GET', authorize.href)),
  );
  expectStatus('login page', await timed(step, 'login page', () => browser.request('GET', toLogin.href)), 200);
  const toConsent = browser.location(
    'login',
    await timed(step, 'login', () => browser.request('POST', toLogin.href, USER)),
  );
  expectStatus('consent page', await timed(step, 'consent page', () => browser.request('GET', toConsent.href)), 200);
  let next = browser.location(
    'consent',
    await timed(step, 'consent', () => browser.request('POST', toConsent.href, { action: 'confirm' })),
  );
  for (let hops = 0; next.origin === origin; hops++) {
    if (hops === 5) throw new BenchError('resume', 303, `too many redirects, at ${next.pathname}`);
    const at = next;
    next = browser.location('resume', await timed(step, 'resume', () => browser.request('GET', at.href)));
  }

  const code = next.searchParams.get('code');
  if (`${next.origin}${next.pathname}` !== REDIRECT_URI || !code || next.searchParams.get('state') !== par.state) {
    throw new BenchError('resume', 303, `unexpected redirect ${next.href.slice(0, 200)}`);
  }
  if (next.searchParams.get('iss') !== target.issuer) {
    throw new BenchError('resume', 303, `iss ${next.searchParams.get('iss')} is not ${target.issuer}`);
  }

  const tokenUrl = `${target.issuer}/oauth2/token`;
  const response = await timed(step, 'token (authorization_code)', () =>
    worker.dpop.post('token (authorization_code)', tokenUrl, () => ({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: par.verifier,
      ...clientAuth(client.clientId, client.key, target.issuer),
    })),
  );
  const tokens = expectJson('token (authorization_code)', response, 200, [
    'access_token',
    'refresh_token',
    'id_token',
    'token_type',
  ]);
  if (tokens.token_type !== 'DPoP') {
    throw new BenchError('token (authorization_code)', 200, `token_type ${tokens.token_type}`);
  }
}
