import * as oauth from 'oauth4webapi';
import { decodeJwt } from 'jose';
import { certificateThumbprintSha256 } from '@ofs/pki';
import { clientAssertion, createClient, type TestClient } from './client-fixtures';
import { startMtlsAuthServer, type ClientCertificate, type HttpsResponse, type MtlsHarness } from './mtls-harness';

// Issue 8 item 2: the hosted login authenticates against the identity pool its server's settings name — the
// consent console's staff (`admin`) at the `admin` server, the bank customer (`user`) at the bank servers.
describe('hosted login against identity pools: the admin server for staff, the banks for customers', () => {
  let as: MtlsHarness;
  let consentAdmin: ClientCertificate;
  let tpp: TestClient;
  const consoleRedirect = 'https://localhost:8084/auth/callback';
  const tppRedirect = 'https://tpp.example/cb';

  beforeAll(async () => {
    as = await startMtlsAuthServer();
    const files = as.pki.clients['consent-admin']!;
    consentAdmin = { cert: files.cert, key: files.key };
    tpp = await createClient(as.app, {
      grant_types: ['authorization_code'],
      redirect_uris: [tppRedirect],
      scope: 'openid profile accounts',
    });
  });
  afterAll(() => as?.close());

  /** A browser on the main port: keeps its cookies, follows nothing by itself. */
  function browser() {
    const jar = new Map<string, string>();
    const send = async (method: 'GET' | 'POST', url: string, form?: Record<string, string>) => {
      const target = new URL(url, as.publicBase);
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await as.request({
        port: 'main',
        method,
        path: target.pathname + target.search,
        form,
        headers: cookie ? { cookie } : {},
      });
      for (const line of [res.headers['set-cookie'] ?? []].flat()) {
        const [pair] = line.split(';');
        jar.set(pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1));
      }
      return res;
    };
    return {
      get: (url: string) => send('GET', url),
      post: (url: string, form: Record<string, string>) => send('POST', url, form),
    };
  }
  const location = (res: HttpsResponse) => res.headers.location as string;

  /** PAR, then the authorization endpoint: the browser is at the login page of `server`. */
  async function startLogin(server: string, par: Record<string, string>, certificate?: ClientCertificate) {
    const verifier = oauth.generateRandomCodeVerifier();
    const pushed = await as.request({
      port: certificate ? 'mtls' : 'main',
      path: `/obgeneric/${server}/par`,
      form: {
        response_type: 'code',
        code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state: 'state-1',
        ...par,
      },
      certificate,
    });
    expect(pushed.status).toBe(201);
    const b = browser();
    const start = await b.get(
      `/obgeneric/${server}/oauth2/authorize?client_id=${encodeURIComponent(par.client_id!)}&request_uri=${encodeURIComponent(pushed.body.request_uri as string)}`,
    );
    expect(start.status).toBe(303);
    return { b, loginUrl: location(start), verifier };
  }

  const gobankLogin = async () =>
    startLogin('gobank', {
      client_id: tpp.clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await clientAssertion(tpp, as.issuer('gobank')),
      redirect_uri: tppRedirect,
      scope: 'openid accounts',
    });

  it('staff sign in at the admin server with admin / p@ssword!: the console’s code flow (PAR + PKCE, tls_client_auth) ends in certificate-bound tokens for admin', async () => {
    const discovery = await as.request({ port: 'main', path: '/obgeneric/admin/.well-known/openid-configuration' });
    expect(discovery.body).toMatchObject({ issuer: as.issuer('admin'), scopes_supported: ['openid', 'profile'] });

    const { b, loginUrl, verifier } = await startLogin(
      'admin',
      { client_id: 'consent-admin-console', redirect_uri: consoleRedirect, scope: 'openid profile', nonce: 'n-1' },
      consentAdmin,
    );
    const page = await b.get(loginUrl);
    expect(page.text).toContain('Sign in to Consent Admin');
    const login = await b.post(loginUrl, { username: 'admin', password: 'p@ssword!' });
    expect(login.status).toBe(303);
    // A first-party client of the sandbox: no consent page after signing in.
    expect(location(login)).toMatch(/^\/obgeneric\/admin\/oauth2\/authorize\/resume\//);
    const back = await b.get(location(login));
    const callback = new URL(location(back));
    expect(callback.origin + callback.pathname).toBe(consoleRedirect);
    expect(callback.searchParams.get('iss')).toBe(as.issuer('admin'));
    expect(callback.searchParams.get('state')).toBe('state-1');

    const token = await as.request({
      port: 'mtls',
      path: '/obgeneric/admin/oauth2/token',
      form: {
        grant_type: 'authorization_code',
        client_id: 'consent-admin-console',
        code: callback.searchParams.get('code')!,
        redirect_uri: consoleRedirect,
        code_verifier: verifier,
      },
      certificate: consentAdmin,
    });
    expect(token.status).toBe(200);
    expect(token.body).toMatchObject({ token_type: 'Bearer', scope: 'openid profile' });
    expect(decodeJwt(token.body.id_token as string)).toMatchObject({
      iss: as.issuer('admin'),
      aud: 'consent-admin-console',
      sub: 'admin',
      nonce: 'n-1',
      name: 'Consent Admin',
    });
    const introspected = await as.request({
      port: 'mtls',
      path: '/obgeneric/admin/oauth2/introspect',
      form: { client_id: 'consent-admin-console', token: token.body.access_token as string },
      certificate: consentAdmin,
    });
    expect(introspected.body).toMatchObject({
      active: true,
      sub: 'admin',
      cnf: { 'x5t#S256': certificateThumbprintSha256(consentAdmin.cert) },
    });
    const userinfo = await as.request({
      port: 'mtls',
      path: '/obgeneric/admin/userinfo',
      headers: { Authorization: `Bearer ${token.body.access_token as string}` },
      certificate: consentAdmin,
    });
    expect(userinfo.body).toEqual({ sub: 'admin', name: 'Consent Admin', given_name: 'Consent', family_name: 'Admin' });
  });

  it.each([
    ['the bank customer at the admin server (another pool)', 'admin', 'user', 'p@ssword!'],
    ['staff at the admin server with a wrong password', 'admin', 'admin', 'p@ssword?'],
    ['staff at a bank server (another pool)', 'gobank', 'admin', 'p@ssword!'],
    ['the bank customer with a wrong password', 'gobank', 'user', 'password'],
    ['an unknown user', 'gobank', 'nobody', 'p@ssword!'],
    ['an empty password', 'gobank', 'user', ''],
  ])('refuses %s: "Invalid login or password", still at the login page', async (_case, server, username, password) => {
    const { b, loginUrl } =
      server === 'admin'
        ? await startLogin(
            'admin',
            { client_id: 'consent-admin-console', redirect_uri: consoleRedirect, scope: 'openid' },
            consentAdmin,
          )
        : await gobankLogin();
    const refused = await b.post(loginUrl, { username, password });
    expect(refused.status).toBe(401);
    expect(refused.text).toContain('Invalid login or password');
    expect(refused.text).toContain('id="text-field-password-input"');
  });

  it.each(['gobank', 'hyperscalebank'])(
    "the customers' portal signs the customer in at %s with no consent page (a first-party client of the sandbox)",
    async (server) => {
      const { b, loginUrl } = await startLogin(
        server,
        {
          client_id: `${server}-consent-portal`,
          redirect_uri: 'https://localhost:8085/auth/callback',
          scope: 'openid profile',
        },
        consentAdmin,
      );
      const login = await b.post(loginUrl, { username: 'user', password: 'p@ssword!' });
      expect(location(login)).toMatch(new RegExp(`^/obgeneric/${server}/oauth2/authorize/resume/`));
      const callback = new URL(location(await b.get(location(login))));
      expect(callback.origin + callback.pathname).toBe('https://localhost:8085/auth/callback');
      expect(callback.searchParams.get('code')).toBeTruthy();
    },
  );

  it('the bank customer still signs in at gobank with user / p@ssword!', async () => {
    const { b, loginUrl } = await gobankLogin();
    const login = await b.post(loginUrl, { username: 'user', password: 'p@ssword!' });
    expect(login.status).toBe(303);
    expect(location(login)).toMatch(/^\/obgeneric\/gobank\/consent\//);
  });
});
