import { createHash } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ServerRegistry } from '../src/servers/server-registry.service';
import { startAuthServer, type AuthServerHarness } from './auth-server-harness';
import { clientCredentialsToken, createClient, dpopProof, type DpopKey } from './client-fixtures';

// Issue 3: servers and their settings are seeded at first start and manageable through an admin API.
describe('server administration API and seeded system clients', () => {
  let as: AuthServerHarness;
  let token: string;
  let key: DpopKey;
  const base = 'https://localhost:8443';

  beforeAll(async () => {
    as = await startAuthServer();
    const operator = await createClient(as.app, { scope: 'manage_servers' });
    ({ accessToken: token, key } = await clientCredentialsToken(() => request(as.app.getHttpServer()), operator));
  });
  afterAll(() => as?.close());

  const ath = (t: string) => createHash('sha256').update(t).digest('base64url');
  async function admin(method: 'GET' | 'PATCH' | 'POST', path: string, body?: object, t = token, k = key) {
    const proof = await dpopProof(k, method, `${base}${path}`, { ath: ath(t) });
    const http = request(as.app.getHttpServer());
    const req = (method === 'GET' ? http.get(path) : method === 'PATCH' ? http.patch(path) : http.post(path))
      .set('Authorization', `DPoP ${t}`)
      .set('DPoP', proof);
    return body ? req.send(body) : req;
  }

  it('seeds the banks system clients, bound to the sandbox PKI certificates', async () => {
    const res = await admin('GET', '/api/admin/obgeneric/servers/gobank/clients');
    expect(res.status).toBe(200);
    const system = (
      res.body as Array<{ client_id: string; system: boolean; token_endpoint_auth_method: string; scope: string }>
    ).filter((c) => c.system);
    expect(system.map((c) => [c.client_id, c.token_endpoint_auth_method, c.scope])).toEqual([
      ['gobank-bank', 'tls_client_auth', 'introspect_tokens manage_logins manage_consents'],
      ['gobank-consent-storage', 'tls_client_auth', 'revoke_tokens introspect_tokens read_audit'],
      ['gobank-admin', 'tls_client_auth', 'manage_servers'],
    ]);
  });

  it('brings a sandbox initialised before a new system scope up to date at start (no npm run clean)', async () => {
    const db = as.app.get(DataSource);
    // As a sandbox from before manage_consents existed: the server does not offer it, Go Bank's client lacks it.
    await db.query(
      `UPDATE server SET settings = jsonb_set(settings, '{systemScopes}', (settings->'systemScopes') - 'manage_consents')`,
    );
    await db.query(
      `UPDATE client SET metadata = jsonb_set(metadata, '{scope}', '"introspect_tokens manage_logins"') WHERE client_id = 'gobank-bank'`,
    );
    await as.app.get(ServerRegistry).onApplicationBootstrap();
    const servers: Array<{ scopes: string[] }> = await db.query(
      `SELECT settings->'systemScopes' AS scopes FROM server ORDER BY server_id`,
    );
    for (const { scopes } of servers) expect(scopes).toContain('manage_consents');
    const [client] = await db.query(`SELECT metadata->>'scope' AS scope FROM client WHERE client_id = 'gobank-bank'`);
    expect(client.scope).toBe('introspect_tokens manage_logins manage_consents');
  });

  it("an operator's choice of the built-in consent page survives a restart (the seed step keeps it)", async () => {
    const cleared = await admin('PATCH', '/api/admin/obgeneric/servers/hyperscalebank', { consent_page_url: null });
    expect(cleared.status).toBe(401); // a gobank token is nothing at hyperscalebank…
    const mine = await admin('PATCH', '/api/admin/obgeneric/servers/gobank', { consent_page_url: null });
    expect(mine.body.settings.consent_page_url).toBeNull();
    await as.app.get(ServerRegistry).onApplicationBootstrap(); // what every (re)started process does
    await as.app.get(ServerRegistry).changed('obgeneric', 'gobank');
    expect((await admin('GET', '/api/admin/obgeneric/servers/gobank')).body.settings.consent_page_url).toBeNull();
  });

  it("reads and changes a server's settings (consent page URL, lifetimes)", async () => {
    const read = await admin('GET', '/api/admin/obgeneric/servers/gobank');
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      tenant: 'obgeneric',
      server_id: 'gobank',
      name: 'Go Bank',
      issuer: 'https://localhost:8443/obgeneric/gobank',
      settings: { consent_page_url: null, access_token_ttl_seconds: 600, par_ttl_seconds: 90 },
    });
    const changed = await admin('PATCH', '/api/admin/obgeneric/servers/gobank', {
      consent_page_url: 'https://localhost:7080',
      par_ttl_seconds: 60,
    });
    expect(changed.status).toBe(200);
    expect(changed.body.settings).toMatchObject({ consent_page_url: 'https://localhost:7080', par_ttl_seconds: 60 });
    const back = await admin('PATCH', '/api/admin/obgeneric/servers/gobank', { consent_page_url: null });
    expect(back.body.settings.consent_page_url).toBeNull();
    expect(back.body.settings.par_ttl_seconds).toBe(60);
  });

  it.each([
    [{ consent_page_url: 'http://localhost:7080' }],
    [{ par_ttl_seconds: 600 }],
    [{ access_token_ttl_seconds: 'long' }],
    [{ unknown_setting: true }],
    [{ identity_pool: 'no-such-pool' }],
    [{ name: '<script>alert(1)</script>' }],
    [{ name: 'Go\u0000Bank' }],
    [{ name: 'Go\nBank' }],
    [{ name: '' }],
  ])('refuses an invalid change %j and keeps the settings', async (body) => {
    const before = (await admin('GET', '/api/admin/obgeneric/servers/gobank')).body;
    const res = await admin('PATCH', '/api/admin/obgeneric/servers/gobank', body);
    expect([res.status, res.body.error]).toEqual([400, 'invalid_request']);
    expect((await admin('GET', '/api/admin/obgeneric/servers/gobank')).body).toEqual(before);
  });

  it("names the identity pool the server's login page authenticates against", async () => {
    expect((await admin('GET', '/api/admin/obgeneric/servers/gobank')).body.settings.identity_pool).toBe(
      'obgeneric-customers',
    );
    const staff = await admin('PATCH', '/api/admin/obgeneric/servers/gobank', { identity_pool: 'obgeneric-staff' });
    expect([staff.status, staff.body.settings.identity_pool]).toEqual([200, 'obgeneric-staff']);
    const back = await admin('PATCH', '/api/admin/obgeneric/servers/gobank', { identity_pool: 'obgeneric-customers' });
    expect(back.body.settings.identity_pool).toBe('obgeneric-customers');
  });

  it('rotates a signing key', async () => {
    const res = await admin('POST', '/api/admin/obgeneric/servers/gobank/keys/rotate', { alg: 'ES256' });
    expect(res.status).toBe(200);
    const jwks = await request(as.app.getHttpServer()).get('/obgeneric/gobank/.well-known/jwks.json');
    expect((jwks.body.keys as Array<{ kid: string }>).map((k) => k.kid)).toContain(res.body.kid);
    const bad = await admin('POST', '/api/admin/obgeneric/servers/gobank/keys/rotate', { alg: 'RS256' });
    expect(bad.status).toBe(400);
  });

  it('needs manage_servers, and a token of this very server', async () => {
    const plain = await createClient(as.app, { scope: 'accounts' });
    const other = await clientCredentialsToken(() => request(as.app.getHttpServer()), plain);
    const noScope = await admin('GET', '/api/admin/obgeneric/servers/gobank', undefined, other.accessToken, other.key);
    expect([noScope.status, noScope.body.error]).toEqual([403, 'insufficient_scope']);
    const crossServer = await admin('GET', '/api/admin/obgeneric/servers/hyperscalebank');
    expect([crossServer.status, crossServer.body.error]).toEqual([401, 'invalid_token']);
    const anonymous = await request(as.app.getHttpServer()).get('/api/admin/obgeneric/servers/gobank');
    expect(anonymous.status).toBe(401);
  });
});
