import { createHash } from 'node:crypto';
import { getRepositoryToken } from '@nestjs/typeorm';
import * as oauth from 'oauth4webapi';
import request from 'supertest';
import { DataSource, type Repository } from 'typeorm';
import { AuthorizationDetailsTypes1796000000000 } from '../src/database/migrations/1796000000000-authorization-details-types';
import { ServerEntity } from '../src/servers/server.entity';
import { ServerRegistry } from '../src/servers/server-registry.service';
import { startAuthServer, type AuthServerHarness } from './auth-server-harness';
import { TestBrowser } from './browser';
import {
  clientAssertion,
  clientCredentialsToken,
  createClient,
  dpopKey,
  dpopProof,
  withServerNonce,
  type DpopKey,
  type TestClient,
} from './client-fixtures';

const ACCOUNTS = {
  type: 'account_information',
  accounts: ['1000001', '1000002', '96534987'],
  permissions: ['ReadAccountsBasic', 'ReadBalances', 'ReadTransactionsDetail'],
};
const PAYMENT = {
  type: 'payment_initiation',
  instructedAmount: { currency: 'EUR', amount: '12.50' },
  creditorName: 'ACME Ltd',
  creditorAccount: { scheme: 'IBAN', identification: 'DE89370400440532013000' },
  remittanceInformation: 'Invoice 42',
};

// RFC 9396 rich authorization requests: types with JSON Schemas per server (DISC-21, PAR-23), the consent page
// in words, narrowing by an external consent page, the granted details in tokens (TOKEN-28, INTRO-01), and the
// admin API that manages the types.
describe('rich authorization requests (RFC 9396)', () => {
  let as: AuthServerHarness;
  /** gobank: built-in consent page. */
  let tpp: TestClient;
  /** hyperscalebank: an external consent page decides through the system API. */
  let hsTpp: TestClient;
  let consentApp: TestClient;
  let consentAppToken: string;
  let consentAppKey: DpopKey;
  let operatorToken: string;
  let operatorKey: DpopKey;
  const base = 'https://localhost:8443';
  const redirectUri = 'https://tpp.example/cb';
  const issuerOf = (server: string) => `${base}/obgeneric/${server}`;

  beforeAll(async () => {
    as = await startAuthServer();
    const servers = as.app.get<Repository<ServerEntity>>(getRepositoryToken(ServerEntity));
    const hs = await servers.findOneByOrFail({ tenant: 'obgeneric', serverId: 'hyperscalebank' });
    await servers.update(
      { id: hs.id },
      { settings: { ...hs.settings, consentPageUrl: 'https://hs-consent.example/' } },
    );
    await as.app.get(ServerRegistry).changed('obgeneric', 'hyperscalebank');
    const registered = {
      client_name: 'Financroo TPP',
      grant_types: ['authorization_code', 'refresh_token'],
      redirect_uris: [redirectUri],
      scope: 'openid accounts offline_access',
    };
    tpp = await createClient(as.app, registered);
    hsTpp = await createClient(as.app, registered, 'hyperscalebank');
    consentApp = await createClient(as.app, { scope: 'manage_logins introspect_tokens' }, 'hyperscalebank');
    ({ accessToken: consentAppToken, key: consentAppKey } = await clientCredentialsToken(
      () => http(),
      consentApp,
      undefined,
      'hyperscalebank',
    ));
    const operator = await createClient(as.app, { scope: 'manage_servers' });
    ({ accessToken: operatorToken, key: operatorKey } = await clientCredentialsToken(() => http(), operator));
  });
  afterAll(() => as?.close());

  const http = () => request(as.app.getHttpServer());
  const ath = (t: string) => createHash('sha256').update(t).digest('base64url');

  /** A bearer-of-DPoP call to the admin or system API (URL at the host's root). */
  async function api(
    method: 'GET' | 'PUT' | 'POST' | 'DELETE',
    path: string,
    body: object | undefined,
    token: string,
    key: DpopKey,
  ) {
    const proof = await dpopProof(key, method, `${base}${path}`, { ath: ath(token) });
    const h = http();
    const req = (
      method === 'GET'
        ? h.get(path)
        : method === 'PUT'
          ? h.put(path)
          : method === 'POST'
            ? h.post(path)
            : h.delete(path)
    )
      .set('Authorization', `DPoP ${token}`)
      .set('DPoP', proof);
    return body ? req.send(body) : req;
  }
  const admin = (method: 'GET' | 'PUT' | 'DELETE', path: string, body?: object) =>
    api(
      method,
      `/api/admin/obgeneric/servers/gobank/authorization-details-types${path}`,
      body,
      operatorToken,
      operatorKey,
    );
  const system = (method: 'GET' | 'POST', path: string, body?: object) =>
    api(method, `/api/system/obgeneric/servers/hyperscalebank/${path}`, body, consentAppToken, consentAppKey);

  async function push(
    client: TestClient,
    server: string,
    details: unknown,
    key: DpopKey,
    extra: Record<string, string> = {},
  ) {
    const issuer = issuerOf(server);
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const res = await withServerNonce(async (nonce?: string) =>
      http()
        .post(`/obgeneric/${server}/par`)
        .type('form')
        .set('DPoP', await dpopProof(key, 'POST', `${issuer}/par`, nonce ? { nonce } : {}))
        .send({
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: await clientAssertion(client, issuer),
          response_type: 'code',
          redirect_uri: redirectUri,
          scope: 'openid offline_access',
          state,
          code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
          authorization_details: typeof details === 'string' ? details : JSON.stringify(details),
          ...extra,
        }),
    );
    return { res, verifier, state };
  }

  async function exchange(
    client: TestClient,
    server: string,
    code: string,
    verifier: string,
    key: DpopKey,
    extra: Record<string, string> = {},
  ) {
    const issuer = issuerOf(server);
    return withServerNonce(async (nonce?: string) =>
      http()
        .post(`/obgeneric/${server}/oauth2/token`)
        .type('form')
        .set('DPoP', await dpopProof(key, 'POST', `${issuer}/oauth2/token`, nonce ? { nonce } : {}))
        .send({
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          code_verifier: verifier,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: await clientAssertion(client, issuer),
          ...extra,
        }),
    );
  }

  async function refresh(client: TestClient, server: string, refreshToken: string, extra: Record<string, string> = {}) {
    const issuer = issuerOf(server);
    const key = await dpopKey();
    return withServerNonce(async (nonce?: string) =>
      http()
        .post(`/obgeneric/${server}/oauth2/token`)
        .type('form')
        .set('DPoP', await dpopProof(key, 'POST', `${issuer}/oauth2/token`, nonce ? { nonce } : {}))
        .send({
          grant_type: 'refresh_token',
          refresh_token: refreshToken,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: await clientAssertion(client, issuer),
          ...extra,
        }),
    );
  }

  /** The client introspects its own token. */
  async function introspect(client: TestClient, server: string, token: string) {
    const res = await http()
      .post(`/obgeneric/${server}/oauth2/introspect`)
      .type('form')
      .send({
        token,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await clientAssertion(client, issuerOf(server)),
      });
    return res.body as Record<string, unknown>;
  }

  async function loginAt(server: string, client: TestClient, requestUri: string) {
    const browser = new TestBrowser(as.localBase, as.publicBase);
    const start = await browser.get(
      `${issuerOf(server)}/oauth2/authorize?client_id=${client.clientId}&request_uri=${encodeURIComponent(requestUri)}`,
    );
    const login = await browser.post(start.headers.get('location')!, { username: 'user', password: 'p@ssword!' });
    return { browser, login };
  }

  it('DISC-21: discovery lists the seeded types of every server', async () => {
    for (const server of ['gobank', 'hyperscalebank']) {
      const res = await http().get(`/obgeneric/${server}/.well-known/openid-configuration`);
      expect(res.body.authorization_details_types_supported).toEqual(['account_information', 'payment_initiation']);
    }
  });

  it('the seed types reach servers created before them (the migration adds them to every existing server)', async () => {
    const db = as.app.get(DataSource);
    const admin: unknown[] = await db.query(
      `SELECT t.type FROM authorization_details_type t JOIN server s ON s.id = t.server_pk WHERE s.server_id = 'admin'`,
    );
    expect(admin).toEqual([]); // the staff server (created at start, after the migration) has no RAR types
    const runner = db.createQueryRunner();
    try {
      const migration = new AuthorizationDetailsTypes1796000000000();
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    const rows: Array<{ server_id: string; types: string[] }> = await db.query(
      `SELECT s.server_id, array_agg(t.type ORDER BY t.type) AS types FROM server s
      JOIN authorization_details_type t ON t.server_pk = s.id WHERE s.server_id <> 'admin'
      GROUP BY s.server_id ORDER BY s.server_id`,
    );
    expect(rows).toEqual([
      { server_id: 'gobank', types: ['account_information', 'payment_initiation'] },
      { server_id: 'hyperscalebank', types: ['account_information', 'payment_initiation'] },
    ]);
  });

  it('built-in consent: the details in plain words; token response, introspection and refresh carry them (TOKEN-28, INTRO-01)', async () => {
    const key = await dpopKey();
    const { res, verifier, state } = await push(tpp, 'gobank', [ACCOUNTS, PAYMENT], key);
    expect(res.status).toBe(201);
    const { browser, login } = await loginAt('gobank', tpp, res.body.request_uri as string);
    const consent = (await browser.follow(login)) as Response;
    const html = await consent.text();
    for (const words of [
      'See the names and types of your accounts',
      'Read your balances',
      'See the details of your transactions (payees and references)',
      'For accounts 1000001, 1000002, 96534987',
      'Pay EUR 12.50 to ACME Ltd',
      'Into account DE89370400440532013000 (IBAN)',
      'Reference: Invoice 42',
    ]) {
      expect(html).toContain(words);
    }
    // Never the raw JSON: no member names, no quoted strings.
    expect(html).not.toMatch(/ReadBalances|account_information|instructedAmount|&quot;/);
    const consentUrl = consent.url.replace(as.localBase, as.publicBase);
    const callback = (await browser.follow(await browser.post(consentUrl, { action: 'confirm' }))) as URL;
    expect(callback.searchParams.get('state')).toBe(state);
    const tokens = await exchange(tpp, 'gobank', callback.searchParams.get('code')!, verifier, key);
    expect(tokens.status).toBe(200);
    expect(tokens.body.authorization_details).toEqual([ACCOUNTS, PAYMENT]);
    expect(await introspect(tpp, 'gobank', tokens.body.access_token)).toMatchObject({
      active: true,
      authorization_details: [ACCOUNTS, PAYMENT],
    });
    const refreshed = await refresh(tpp, 'gobank', tokens.body.refresh_token);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.authorization_details).toEqual([ACCOUNTS, PAYMENT]);
    expect(await introspect(tpp, 'gobank', refreshed.body.access_token)).toMatchObject({
      authorization_details: [ACCOUNTS, PAYMENT],
    });
  });

  it('TOKEN-28: a token request may ask for part of the granted details; more than the grant → invalid_authorization_details', async () => {
    const key = await dpopKey();
    const { res, verifier } = await push(tpp, 'gobank', [ACCOUNTS, PAYMENT], key);
    const { browser, login } = await loginAt('gobank', tpp, res.body.request_uri as string);
    const consent = (await browser.follow(login)) as Response;
    const consentUrl = consent.url.replace(as.localBase, as.publicBase);
    const callback = (await browser.follow(await browser.post(consentUrl, { action: 'confirm' }))) as URL;
    const code = callback.searchParams.get('code')!;
    const part = [{ ...ACCOUNTS, accounts: ['1000002'], permissions: ['ReadBalances'] }];
    const asking = (details: unknown) => ({ authorization_details: JSON.stringify(details) });

    // Refused before the code is judged: the code stays usable.
    const wider = await exchange(tpp, 'gobank', code, verifier, key, asking([{ ...ACCOUNTS, accounts: ['2000002'] }]));
    expect([wider.status, wider.body]).toEqual([
      400,
      {
        error: 'invalid_authorization_details',
        error_description: 'authorization_details/0/accounts includes 2000002, which was not granted',
      },
    ]);
    const malformed = await exchange(tpp, 'gobank', code, verifier, key, { authorization_details: '{' });
    expect(malformed.body).toEqual({
      error: 'invalid_authorization_details',
      error_description: 'authorization_details is not valid JSON',
    });

    const tokens = await exchange(tpp, 'gobank', code, verifier, key, asking(part));
    expect(tokens.status).toBe(200);
    expect(tokens.body.authorization_details).toEqual(part);
    expect(await introspect(tpp, 'gobank', tokens.body.access_token)).toMatchObject({
      active: true,
      authorization_details: part,
    });
    // The refresh token keeps the whole grant: without the parameter, all of it; with it, any part of it.
    const whole = await refresh(tpp, 'gobank', tokens.body.refresh_token);
    expect(whole.body.authorization_details).toEqual([ACCOUNTS, PAYMENT]);
    const payment = await refresh(tpp, 'gobank', tokens.body.refresh_token, asking([PAYMENT]));
    expect(payment.body.authorization_details).toEqual([PAYMENT]);
    for (const [details, description] of [
      [
        [{ ...PAYMENT, creditorName: 'Mallory' }],
        'authorization_details/0/creditorName must be named exactly as granted',
      ],
      [
        [{ ...ACCOUNTS, permissions: ['ReadAccountsDetail'] }],
        'authorization_details/0/permissions includes ReadAccountsDetail, which was not granted',
      ],
      [[{ type: 'loan_application' }], 'authorization_details/0/type loan_application is not supported'],
    ] as const) {
      const refused = await refresh(tpp, 'gobank', tokens.body.refresh_token, asking(details));
      expect([refused.status, refused.body]).toEqual([
        400,
        { error: 'invalid_authorization_details', error_description: description },
      ]);
    }
  });

  it('TOKEN-28: client_credentials cannot carry authorization_details (nobody consented to them)', async () => {
    const machine = await createClient(as.app, { scope: 'accounts', grant_types: ['client_credentials'] });
    const issuer = issuerOf('gobank');
    const key = await dpopKey();
    const res = await withServerNonce(async (nonce?: string) =>
      http()
        .post('/obgeneric/gobank/oauth2/token')
        .type('form')
        .set('DPoP', await dpopProof(key, 'POST', `${issuer}/oauth2/token`, nonce ? { nonce } : {}))
        .send({
          grant_type: 'client_credentials',
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: await clientAssertion(machine, issuer),
          authorization_details: JSON.stringify([ACCOUNTS]),
        }),
    );
    expect([res.status, res.body.error]).toEqual([400, 'invalid_authorization_details']);
  });

  it.each<[string, unknown, string]>([
    [
      'an unknown type',
      [{ type: 'loan_application' }],
      'authorization_details/0/type loan_application is not supported',
    ],
    [
      'an amount as a number',
      [{ ...PAYMENT, instructedAmount: { currency: 'EUR', amount: 12.5 } }],
      'authorization_details/0/instructedAmount/amount must be string',
    ],
    [
      'an unknown permission in the second element',
      [PAYMENT, { type: 'account_information', permissions: ['ReadEverything'] }],
      'authorization_details/1/permissions/0 must be equal to one of the allowed values',
    ],
    [
      'a member the schema does not know',
      [{ ...PAYMENT, debtorAccount: { scheme: 'IBAN', identification: 'X' } }],
      'authorization_details/0/debtorAccount is not allowed',
    ],
    ['not an array', JSON.stringify(ACCOUNTS), 'authorization_details must be a non-empty JSON array'],
  ])('PAR-23: %s → invalid_authorization_details naming the field', async (_name, details, description) => {
    const { res } = await push(tpp, 'gobank', details, await dpopKey());
    expect([res.status, res.body]).toEqual([
      400,
      { error: 'invalid_authorization_details', error_description: description },
    ]);
  });

  describe('external consent page: reads the details, may narrow them, may not widen them', () => {
    async function pendingLogin(extra: Record<string, string> = {}) {
      const key = await dpopKey();
      const { res, verifier } = await push(hsTpp, 'hyperscalebank', [ACCOUNTS, PAYMENT], key, extra);
      expect(res.status).toBe(201);
      const { browser, login } = await loginAt('hyperscalebank', hsTpp, res.body.request_uri as string);
      const handOff = new URL(login.headers.get('location')!);
      return {
        key,
        verifier,
        browser,
        loginId: handOff.searchParams.get('login_id')!,
        loginState: handOff.searchParams.get('login_state')!,
      };
    }

    it('GET logins/{id} gives the requested details; a narrowed grant is what the tokens carry', async () => {
      const flow = await pendingLogin();
      const pending = await system('GET', `logins/${flow.loginId}`);
      expect(pending.body.authorization_details).toEqual([ACCOUNTS, PAYMENT]);
      const granted = [{ ...ACCOUNTS, accounts: ['1000002'], permissions: ['ReadBalances'] }];
      const accepted = await system('POST', `logins/${flow.loginId}/accept`, {
        login_state: flow.loginState,
        granted_scopes: ['openid', 'offline_access'],
        granted_authorization_details: granted,
        consent_id: 'rar-consent-1',
      });
      expect(accepted.status).toBe(200);
      const callback = (await flow.browser.follow(await flow.browser.get(accepted.body.redirect_to))) as URL;
      const tokens = await exchange(
        hsTpp,
        'hyperscalebank',
        callback.searchParams.get('code')!,
        flow.verifier,
        flow.key,
      );
      expect(tokens.body.authorization_details).toEqual(granted);
      expect(await introspect(hsTpp, 'hyperscalebank', tokens.body.access_token)).toMatchObject({
        authorization_details: granted,
        consent_id: 'rar-consent-1',
      });
      const refreshed = await refresh(hsTpp, 'hyperscalebank', tokens.body.refresh_token);
      expect(refreshed.body.authorization_details).toEqual(granted);
    });

    it("AUTHZ-17: the bank's rejection reaches the client as a signed JARM error", async () => {
      const flow = await pendingLogin({ response_mode: 'jwt', state: 'jarm-state' });
      const rejected = await system('POST', `logins/${flow.loginId}/reject`, {
        login_state: flow.loginState,
        error: 'access_denied',
        error_description: 'The customer declined the payment',
      });
      const back = (await flow.browser.follow(await flow.browser.get(rejected.body.redirect_to))) as URL;
      expect([...back.searchParams.keys()]).toEqual(['response']);
      const issuer = issuerOf('hyperscalebank');
      const metadata = await oauth.processDiscoveryResponse(
        new URL(issuer),
        await oauth.discoveryRequest(new URL(issuer), { [oauth.customFetch]: as.fetch }),
      );
      await expect(
        oauth.validateJwtAuthResponse(metadata, { client_id: hsTpp.clientId }, back, 'jarm-state', {
          [oauth.customFetch]: as.fetch,
        }),
      ).rejects.toMatchObject({ error: 'access_denied', error_description: 'The customer declined the payment' });
    });

    it.each<[string, unknown[], string]>([
      [
        'an account that was not requested',
        [{ ...ACCOUNTS, accounts: ['1000001', '2000002'] }],
        'granted_authorization_details/0/accounts includes 2000002, which was not requested',
      ],
      [
        'a permission that was not requested',
        [{ ...ACCOUNTS, permissions: ['ReadBalances', 'ReadAccountsDetail'] }],
        'granted_authorization_details/0/permissions includes ReadAccountsDetail, which was not requested',
      ],
      [
        'a payment of another amount',
        [{ ...PAYMENT, instructedAmount: { currency: 'EUR', amount: '1250.00' } }],
        'granted_authorization_details/0/instructedAmount must be granted exactly as requested',
      ],
      [
        'a type that was not requested',
        [{ type: 'loan_application' }],
        'granted_authorization_details/0/type loan_application was not requested',
      ],
      [
        'a narrowing the schema refuses (no permissions left)',
        [{ ...ACCOUNTS, permissions: [] }],
        'granted_authorization_details/0/permissions must NOT have fewer than 1 items',
      ],
    ])('widening refused with 400 invalid_request: %s', async (_name, granted, description) => {
      const flow = await pendingLogin();
      const refused = await system('POST', `logins/${flow.loginId}/accept`, {
        login_state: flow.loginState,
        granted_scopes: ['openid'],
        granted_authorization_details: granted,
      });
      expect([refused.status, refused.body]).toEqual([
        400,
        { error: 'invalid_request', error_description: description },
      ]);
      // Nothing was decided: the login still waits for consent.
      expect((await system('GET', `logins/${flow.loginId}`)).status).toBe(200);
    });
  });

  describe('admin API: the types of a server and their schemas (scope manage_servers)', () => {
    const LOAN = {
      type: 'object',
      required: ['type', 'amount'],
      additionalProperties: false,
      properties: {
        type: { const: 'loan_application' },
        amount: { type: 'string', pattern: '^[0-9]+$' },
        contact: { type: 'string', format: 'email' },
      },
    };

    it('lists the seeded types with their schemas', async () => {
      const res = await admin('GET', '');
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect((res.body as Array<{ type: string }>).map((t) => t.type)).toEqual([
        'account_information',
        'payment_initiation',
      ]);
      const payment = await admin('GET', '/payment_initiation');
      expect(payment.body.schema.required).toEqual(['type', 'instructedAmount', 'creditorName', 'creditorAccount']);
    });

    it('a new type: in discovery at once, validated at PAR, then deleted and refused again', async () => {
      const put = await admin('PUT', '/loan_application', { schema: LOAN });
      expect([put.status, put.body]).toEqual([200, { type: 'loan_application', schema: LOAN }]);
      const discovery = await http().get('/obgeneric/gobank/.well-known/openid-configuration');
      expect(discovery.body.authorization_details_types_supported).toContain('loan_application');
      const ok = await push(tpp, 'gobank', [{ type: 'loan_application', amount: '5000' }], await dpopKey());
      expect(ok.res.status).toBe(201);
      const bad = await push(
        tpp,
        'gobank',
        [{ type: 'loan_application', amount: '5000', contact: 'nope' }],
        await dpopKey(),
      );
      expect(bad.res.body).toEqual({
        error: 'invalid_authorization_details',
        error_description: "authorization_details/0/contact must match format 'email'",
      });

      expect((await admin('DELETE', '/loan_application')).status).toBe(204);
      const after = await http().get('/obgeneric/gobank/.well-known/openid-configuration');
      expect(after.body.authorization_details_types_supported).not.toContain('loan_application');
      const refused = await push(tpp, 'gobank', [{ type: 'loan_application', amount: '5000' }], await dpopKey());
      expect(refused.res.body.error).toBe('invalid_authorization_details');
      expect((await admin('DELETE', '/loan_application')).status).toBe(404);
      expect((await admin('GET', '/loan_application')).status).toBe(404);
    });

    it.each<[string, string, object, string]>([
      [
        'a schema ajv cannot compile',
        '/loan_application',
        { schema: { type: 'object', properties: { a: { type: 'strin' } } } },
        'schema is not valid',
      ],
      [
        'a schema of a non-object',
        '/loan_application',
        { schema: { type: 'string' } },
        "schema must describe an object ('type': 'object')",
      ],
      [
        'an unknown keyword (ajv strict mode)',
        '/loan_application',
        { schema: { type: 'object', maxProperty: 3 } },
        'schema is not valid',
      ],
      ['a type name with spaces', '/loan%20application', { schema: LOAN }, 'type must be'],
      ['no schema', '/loan_application', {}, 'The request is malformed'],
    ])('PUT refuses %s with 400 invalid_request', async (_name, path, body, description) => {
      const res = await admin('PUT', path, body);
      expect([res.status, res.body.error]).toEqual([400, 'invalid_request']);
      expect(res.body.error_description).toContain(description);
    });

    it('needs a token with manage_servers', async () => {
      const plain = await createClient(as.app, { scope: 'accounts' });
      const { accessToken, key } = await clientCredentialsToken(() => http(), plain);
      const path = '/api/admin/obgeneric/servers/gobank/authorization-details-types';
      const res = await api('PUT', `${path}/x`, { schema: LOAN }, accessToken, key);
      expect([res.status, res.body.error]).toEqual([403, 'insufficient_scope']);
      expect((await http().get(path)).status).toBe(401);
    });
  });
});
