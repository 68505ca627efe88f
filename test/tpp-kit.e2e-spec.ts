import { spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { importPKCS8, SignJWT } from 'jose';
import * as oidc from 'openid-client';
import { HttpsClient, type ClientTls } from '@ofs/platform';
import {
  buildIfNeeded,
  freePorts,
  ROOT,
  sandboxEnv,
  startSandbox,
  waitForOutput,
  type PortSetting,
  type SandboxProcess,
} from './support/sandbox-process';
import { sandboxRequest } from './support/sandbox-https';
import { useBuiltInConsentPage } from './support/sandbox-admin';
import { removeDataDir } from '../scripts/remove-data-dir.mjs';

/*
 * Issue 12: `npm run tpp -- new <name>` gives a TPP developer a key pair, a sandbox client certificate and the
 * registration requests; the printed commands, run as printed, register clients that the server then accepts at
 * PAR with the kit's key (private_key_jwt) and certificate (tls_client_auth over mutual TLS), and that complete a
 * whole flow with panva's openid-client: PAR → login as user → consent → code → sender-constrained tokens →
 * userinfo and introspection.
 */
jest.setTimeout(180_000);

describe("the TPP developer's kit", () => {
  let dataDir: string;
  let ports: Record<PortSetting, number>;
  let sandbox: SandboxProcess;
  let env: NodeJS.ProcessEnv;
  let printed: string;
  /** The clients the printed commands registered. */
  const tppClients: { pkjwt?: string; mtls?: string } = {};

  beforeAll(async () => {
    buildIfNeeded();
    dataDir = mkdtempSync(path.join(tmpdir(), 'ofs-tpp-'));
    ports = await freePorts();
    env = sandboxEnv(dataDir, ports);
    sandbox = startSandbox(env, ['auth-server']);
    await waitForOutput(sandbox, 'Open Finance Sandbox is up');
    const run = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'scripts', 'tpp.js'), 'new', 'acme-pay'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    });
    expect([run.status, run.stderr]).toEqual([0, '']);
    printed = run.stdout;
    // The sandbox here is the authorization server alone: its built-in consent page stands in for Go Bank's.
    await useBuiltInConsentPage(dataDir, ports.AUTH_SERVER_MTLS_PORT, 'gobank');
  });

  /** The openid-client configurations' HTTPS clients, closed at the end (their kept-alive connections). */
  const httpsClients: HttpsClient[] = [];

  afterAll(async () => {
    for (const http of httpsClients) http.close();
    sandbox?.child.kill('SIGINT');
    await sandbox?.exited;
    removeDataDir(dataDir);
  });

  /** The numbered registration command, exactly as printed (a shell command spanning lines). */
  function command(step: '1' | '2'): string {
    const block = printed.split(`\n${step}. `)[1]!.split('\n\n')[1]!;
    expect(block).toMatch(/^curl /);
    return block;
  }

  const ca = () => readFileSync(path.join(dataDir, 'pki', 'ca.pem'), 'utf8');
  const kit = () => path.join(dataDir, 'tpp', 'acme-pay');
  const cert = () => path.join(dataDir, 'pki', 'tpp-acme-pay');

  function par(clientId: string, extra: Record<string, string>) {
    const verifier = randomBytes(32).toString('base64url');
    return new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: 'https://localhost:9443/callback',
      scope: 'openid accounts',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      ...extra,
    }).toString();
  }

  it('prints the issuers, and its private_key_jwt registration works as printed; the key authenticates at PAR', async () => {
    expect(printed).toContain(`https://localhost:${ports.AUTH_SERVER_PORT}/obgeneric/gobank`);
    expect(printed).toContain(`https://localhost:${ports.AUTH_SERVER_PORT}/obgeneric/hyperscalebank`);
    // The examples it points to exist.
    const examples = [...printed.matchAll(/test\/[\w/.-]+\.(?:mjs|ts)/g)].map((m) => m[0]);
    expect(examples).toEqual(['test/strict-client/fapi-message-signing-client.mjs', 'test/tpp-kit.e2e-spec.ts']);
    for (const example of examples) expect(existsSync(path.join(ROOT, example))).toBe(true);
    const registered = spawnSync('sh', ['-c', command('1')], { cwd: ROOT, encoding: 'utf8' });
    const client = JSON.parse(registered.stdout) as { client_id: string; token_endpoint_auth_method: string };
    expect(client.token_endpoint_auth_method).toBe('private_key_jwt');
    tppClients.pkjwt = client.client_id;

    const issuer = `https://localhost:${ports.AUTH_SERVER_PORT}/obgeneric/gobank`;
    const jwks = JSON.parse(readFileSync(path.join(kit(), 'jwks.json'), 'utf8')) as { keys: Array<{ kid: string }> };
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({
      iss: client.client_id,
      sub: client.client_id,
      aud: issuer,
      jti: randomUUID(),
      iat: now,
      exp: now + 60,
    })
      .setProtectedHeader({ alg: 'ES256', kid: jwks.keys[0]!.kid })
      .sign(createPrivateKey(readFileSync(path.join(kit(), 'private-key.pem'))));
    const pushed = await sandboxRequest(`${issuer}/par`, {
      ca: ca(),
      type: 'application/x-www-form-urlencoded',
      body: par(client.client_id, {
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
        dpop_jkt: randomBytes(32).toString('base64url'),
      }),
    });
    expect([pushed.status, pushed.json.request_uri]).toEqual([
      201,
      expect.stringMatching(/^urn:ietf:params:oauth:request_uri:/),
    ]);
  });

  it('its tls_client_auth registration works as printed; the certificate authenticates at PAR over mutual TLS', async () => {
    const registered = spawnSync('sh', ['-c', command('2')], { cwd: ROOT, encoding: 'utf8' });
    const client = JSON.parse(registered.stdout) as { client_id: string; tls_client_auth_subject_dn: string };
    expect(client.tls_client_auth_subject_dn).toBe('CN=acme-pay,OU=TPP,O=acme-pay,C=GB');
    tppClients.mtls = client.client_id;
    const pushed = await sandboxRequest(`https://localhost:${ports.AUTH_SERVER_MTLS_PORT}/obgeneric/gobank/par`, {
      ca: ca(),
      cert: readFileSync(path.join(cert(), 'client.pem'), 'utf8'),
      key: readFileSync(path.join(cert(), 'client-key.pem'), 'utf8'),
      type: 'application/x-www-form-urlencoded',
      body: par(client.client_id, {}),
    });
    expect(pushed.status).toBe(201);
  });
  /** Discovery of Go Bank's server with the TPP's client, every request with `tls` (trusting the sandbox CA). */
  async function configure(
    clientId: string,
    auth: oidc.ClientAuth,
    tls: ClientTls,
    metadata: Partial<oidc.ClientMetadata> = {},
  ): Promise<oidc.Configuration> {
    const http = new HttpsClient(tls);
    httpsClients.push(http);
    const fetch = http.fetch;
    const issuer = new URL(`https://localhost:${ports.AUTH_SERVER_PORT}/obgeneric/gobank`);
    const config = await oidc.discovery(issuer, clientId, metadata, auth, { [oidc.customFetch]: fetch });
    config[oidc.customFetch] = fetch;
    return config;
  }

  /**
   * The user's browser, without one: follows the authorization server's redirects with its cookies, signs in as
   * `user` / `p@ssword!` and agrees on the built-in consent page. Answers the redirect to the TPP's callback.
   */
  async function signInAndAgree(authorizationUrl: URL): Promise<URL> {
    const cookies = new Map<string, string>();
    const browse = async (url: URL, form?: Record<string, string>) => {
      const res = await sandboxRequest(url.href, {
        ca: ca(),
        ...(form
          ? { body: new URLSearchParams(form).toString(), type: 'application/x-www-form-urlencoded' }
          : { method: 'GET' }),
        headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const set of [res.headers['set-cookie'] ?? []].flat()) {
        const [pair] = set.split(';');
        cookies.set(pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1));
      }
      const location = res.headers.location as string | undefined;
      return { ...res, next: location ? new URL(location, url) : undefined };
    };
    const login = (await browse(authorizationUrl)).next!;
    expect((await browse(login)).text).toContain('id="text-field-username-input"');
    const consent = (await browse(login, { username: 'user', password: 'p@ssword!' })).next!;
    const page = await browse(consent);
    expect(page.text).toContain('acme-pay');
    let answer = await browse(consent, { action: 'confirm' });
    while (answer.status === 303 && answer.next!.origin === authorizationUrl.origin)
      answer = await browse(answer.next!);
    expect(answer.status).toBe(303);
    return answer.next!;
  }

  /** The authorization request: PKCE S256, state, nonce, and account_information details (registered type). */
  async function authorizationRequest() {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const parameters = {
      redirect_uri: 'https://localhost:9443/callback',
      scope: 'openid accounts offline_access',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      authorization_details: JSON.stringify([
        { type: 'account_information', permissions: ['ReadAccountsBasic', 'ReadBalances'] },
      ]),
    };
    return { parameters, checks: { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce } };
  }

  it('the private_key_jwt client completes a flow with the kit’s key: signed request → login → consent → DPoP-bound tokens', async () => {
    expect(tppClients.pkjwt).toBeDefined();
    const jwks = JSON.parse(readFileSync(path.join(kit(), 'jwks.json'), 'utf8')) as { keys: Array<{ kid: string }> };
    const key = {
      key: await importPKCS8(readFileSync(path.join(kit(), 'private-key.pem'), 'utf8'), 'ES256'),
      kid: jwks.keys[0]!.kid,
    };
    const config = await configure(tppClients.pkjwt!, oidc.PrivateKeyJwt(key), { ca: ca() });
    const DPoP = oidc.getDPoPHandle(config, await oidc.randomDPoPKeyPair('ES256'));

    const { parameters, checks } = await authorizationRequest();
    // The same key signs the request object (RFC 9101) that is pushed (RFC 9126) with a client assertion.
    const signed = await oidc.buildAuthorizationUrlWithJAR(config, parameters, key);
    const authorizationUrl = await oidc.buildAuthorizationUrlWithPAR(config, signed.searchParams, { DPoP });
    const callback = await signInAndAgree(authorizationUrl);
    expect(`${callback.origin}${callback.pathname}`).toBe('https://localhost:9443/callback');

    const tokens = await oidc.authorizationCodeGrant(
      config,
      callback,
      { ...checks, idTokenExpected: true },
      undefined,
      {
        DPoP,
      },
    );
    expect(tokens.token_type).toBe('dpop');
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.claims()).toMatchObject({ sub: 'user', aud: tppClients.pkjwt });
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, 'user', { DPoP });
    expect(userinfo.sub).toBe('user');
    const introspected = await oidc.tokenIntrospection(config, tokens.access_token);
    expect(introspected).toMatchObject({
      active: true,
      client_id: tppClients.pkjwt,
      sub: 'user',
      token_type: 'DPoP',
      cnf: { jkt: expect.any(String) },
      authorization_details: [{ type: 'account_information', permissions: ['ReadAccountsBasic', 'ReadBalances'] }],
    });
  });

  it('the tls_client_auth client completes a flow with the kit’s certificate: PAR over mutual TLS → login → consent → certificate-bound tokens', async () => {
    expect(tppClients.mtls).toBeDefined();
    const tls: ClientTls = {
      ca: ca(),
      cert: readFileSync(path.join(cert(), 'client.pem'), 'utf8'),
      key: readFileSync(path.join(cert(), 'client-key.pem'), 'utf8'),
    };
    // RFC 8705 §5: a mutual-TLS client uses the server's mtls_endpoint_aliases (port 8444's).
    const config = await configure(tppClients.mtls!, oidc.TlsClientAuth(), tls, { use_mtls_endpoint_aliases: true });

    const { parameters, checks } = await authorizationRequest();
    const authorizationUrl = await oidc.buildAuthorizationUrlWithPAR(config, parameters);
    const callback = await signInAndAgree(authorizationUrl);

    const tokens = await oidc.authorizationCodeGrant(config, callback, { ...checks, idTokenExpected: true });
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.claims()).toMatchObject({ sub: 'user', aud: tppClients.mtls });
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, 'user');
    expect(userinfo.sub).toBe('user');
    const introspected = await oidc.tokenIntrospection(config, tokens.access_token);
    expect(introspected).toMatchObject({
      active: true,
      client_id: tppClients.mtls,
      sub: 'user',
      token_type: 'Bearer',
      cnf: { 'x5t#S256': expect.any(String) },
    });

    // Without the certificate the same token is refused: it is bound to the kit's certificate.
    const withoutCertificate = await sandboxRequest(
      `https://localhost:${ports.AUTH_SERVER_PORT}/obgeneric/gobank/userinfo`,
      { ca: ca(), headers: { authorization: `Bearer ${tokens.access_token}` } },
    );
    expect(withoutCertificate.status).toBe(401);
  });
});
