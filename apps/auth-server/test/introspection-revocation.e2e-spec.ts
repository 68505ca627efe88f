import request from 'supertest';
import { Clock } from '../src/common/clock';
import { startAuthServer, type AuthServerHarness } from './auth-server-harness';
import { clientAssertion, clientCredentialsToken, createClient, type TestClient } from './client-fixtures';

// FAPI checklist §3.7 (INTRO-*) and §3.8 (REVOKE-*).
describe('introspection (RFC 7662) and revocation (RFC 7009)', () => {
  let as: AuthServerHarness;
  let tpp: TestClient;
  let other: TestClient;
  let bank: TestClient;
  const issuer = 'https://localhost:8443/obgeneric/gobank';

  beforeAll(async () => {
    as = await startAuthServer();
    tpp = await createClient(as.app);
    other = await createClient(as.app);
    bank = await createClient(as.app, { scope: 'introspect_tokens' });
  });
  afterAll(() => as?.close());

  const http = () => request(as.app.getHttpServer());
  const auth = async (client: TestClient) => ({
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: await clientAssertion(client, issuer),
  });
  const introspect = async (token: string, caller: TestClient = bank) =>
    http()
      .post('/obgeneric/gobank/oauth2/introspect')
      .type('form')
      .send({ token, ...(await auth(caller)) });
  const revoke = async (token: string, caller: TestClient, extra: Record<string, string> = {}) =>
    http()
      .post('/obgeneric/gobank/oauth2/revoke')
      .type('form')
      .send({ token, ...(await auth(caller)), ...extra });

  it('INTRO-01/INTRO-05: the bank introspects a DPoP-bound token, without a proof of its own', async () => {
    const { accessToken, key } = await clientCredentialsToken(http, tpp);
    const res = await introspect(accessToken);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const now = Math.floor(Date.now() / 1000);
    expect(res.body).toEqual({
      active: true,
      iss: issuer,
      client_id: tpp.clientId,
      sub: tpp.clientId,
      scope: 'accounts',
      token_type: 'DPoP',
      cnf: { jkt: key.jkt },
      iat: expect.any(Number),
      exp: expect.any(Number),
    });
    expect(Math.abs(res.body.iat - now)).toBeLessThan(5);
    expect(res.body.exp - res.body.iat).toBe(600);
  });

  it('INTRO-02: unknown, garbage and expired tokens are just {active:false}', async () => {
    for (const token of ['unknown-token', 'x'.repeat(500)]) {
      const res = await introspect(token);
      expect([res.status, res.body]).toEqual([200, { active: false }]);
    }
    const { accessToken } = await clientCredentialsToken(http, tpp);
    const clock = as.app.get(Clock);
    const realNow = clock.now.bind(clock);
    const later = Date.now() + 601_000;
    clock.now = () => new Date(later);
    try {
      const t = Math.floor(later / 1000);
      const res = await http()
        .post('/obgeneric/gobank/oauth2/introspect')
        .type('form')
        .send({
          token: accessToken,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: await clientAssertion(bank, issuer, { iat: t, exp: t + 60 }),
        });
      expect([res.status, res.body]).toEqual([200, { active: false }]);
    } finally {
      clock.now = realNow;
    }
    expect((await introspect(accessToken)).body.active).toBe(true);
  });

  it("INTRO-02: another bank's server does not know the token", async () => {
    const { accessToken } = await clientCredentialsToken(http, tpp);
    const hyperscaleBank = await createClient(as.app, { scope: 'introspect_tokens' }, 'hyperscalebank');
    const res = await http()
      .post('/obgeneric/hyperscalebank/oauth2/introspect')
      .type('form')
      .send({
        token: accessToken,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await clientAssertion(hyperscaleBank, 'https://localhost:8443/obgeneric/hyperscalebank'),
      });
    expect(res.body).toEqual({ active: false });
  });

  it('INTRO-03: no caller authentication → 401 invalid_client; a caller without the system scope learns nothing', async () => {
    const { accessToken } = await clientCredentialsToken(http, tpp);
    const anonymous = await http()
      .post('/obgeneric/gobank/oauth2/introspect')
      .type('form')
      .send({ token: accessToken });
    expect([anonymous.status, anonymous.body.error]).toEqual([401, 'invalid_client']);
    expect((await introspect(accessToken, other)).body).toEqual({ active: false });
    expect((await introspect(accessToken, tpp)).body.active).toBe(true);
  });

  it('INTRO-04: no token → invalid_request; a wrong token_type_hint is ignored', async () => {
    const missing = await http()
      .post('/obgeneric/gobank/oauth2/introspect')
      .type('form')
      .send(await auth(bank));
    expect([missing.status, missing.body.error]).toEqual([400, 'invalid_request']);
    const { accessToken } = await clientCredentialsToken(http, tpp);
    const hinted = await http()
      .post('/obgeneric/gobank/oauth2/introspect')
      .type('form')
      .send({ token: accessToken, token_type_hint: 'refresh_token', ...(await auth(bank)) });
    expect(hinted.body.active).toBe(true);
  });

  it('REVOKE-02/INTRO-07: a revoked access token is inactive at once', async () => {
    const { accessToken } = await clientCredentialsToken(http, tpp);
    const res = await revoke(accessToken, tpp);
    expect([res.status, res.text]).toEqual([200, '']);
    expect(res.headers['cache-control']).toBe('no-store');
    expect((await introspect(accessToken)).body).toEqual({ active: false });
  });

  it('REVOKE-03: unknown and already revoked tokens answer 200', async () => {
    expect((await revoke('no-such-token', tpp)).status).toBe(200);
    const { accessToken } = await clientCredentialsToken(http, tpp);
    await revoke(accessToken, tpp).then((r) => expect(r.status).toBe(200));
    await revoke(accessToken, tpp).then((r) => expect(r.status).toBe(200));
  });

  it("REVOKE-04: another client's token is not revoked", async () => {
    const { accessToken } = await clientCredentialsToken(http, tpp);
    expect((await revoke(accessToken, other)).status).toBe(200);
    expect((await introspect(accessToken)).body.active).toBe(true);
  });

  it('REVOKE-05/REVOKE-06: authentication, token and hint are required to be right', async () => {
    const anonymous = await http().post('/obgeneric/gobank/oauth2/revoke').type('form').send({ token: 'x' });
    expect([anonymous.status, anonymous.body.error]).toEqual([401, 'invalid_client']);
    const missing = await http()
      .post('/obgeneric/gobank/oauth2/revoke')
      .type('form')
      .send(await auth(tpp));
    expect([missing.status, missing.body.error]).toEqual([400, 'invalid_request']);
    const { accessToken } = await clientCredentialsToken(http, tpp);
    const idToken = await revoke(accessToken, tpp, { token_type_hint: 'id_token' });
    expect([idToken.status, idToken.body.error]).toEqual([400, 'unsupported_token_type']);
    expect((await introspect(accessToken)).body.active).toBe(true);
    const wrongHint = await revoke(accessToken, tpp, { token_type_hint: 'refresh_token' });
    expect(wrongHint.status).toBe(200);
    expect((await introspect(accessToken)).body.active).toBe(false);
    expect((await http().get('/obgeneric/gobank/oauth2/revoke')).status).toBe(405);
  });
});
