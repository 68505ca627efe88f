import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import request from 'supertest';
import { startAuthServer, type AuthServerHarness } from './auth-server-harness';
import { clientCredentialsToken, type TestClient } from './client-fixtures';

// FAPI checklist §3.3 (REG-*): RFC 7591 registration and RFC 7592 management over HTTP.
describe('dynamic client registration (RFC 7591) and management (RFC 7592)', () => {
  let as: AuthServerHarness;
  const registerPath = '/obgeneric/gobank/oauth2/register';

  beforeAll(async () => {
    as = await startAuthServer();
  });
  afterAll(() => as?.close());

  const http = () => request(as.app.getHttpServer());

  async function keyPair() {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const publicJwk = { ...(await exportJWK(publicKey)), use: 'sig', alg: 'ES256' };
    publicJwk.kid = await calculateJwkThumbprint(publicJwk);
    return { publicJwk, privateKey };
  }

  async function metadata(extra: Record<string, unknown> = {}) {
    const { publicJwk, privateKey } = await keyPair();
    return {
      body: {
        client_name: 'Test TPP',
        redirect_uris: ['https://tpp.example/cb'],
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
        response_types: ['code'],
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [publicJwk] },
        scope: 'openid email accounts offline_access',
        ...extra,
      },
      publicJwk,
      privateKey,
    };
  }

  it('REG-01: 201 with client_id, the registered values, registration_client_uri and registration_access_token; the client then gets tokens', async () => {
    const { body, publicJwk, privateKey } = await metadata();
    const res = await http().post(registerPath).send(body).expect(201);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({
      client_name: 'Test TPP',
      redirect_uris: ['https://tpp.example/cb'],
      token_endpoint_auth_method: 'private_key_jwt',
      scope: 'openid email accounts offline_access',
      registration_client_uri: `https://localhost:8443/obgeneric/gobank/oauth2/register/${res.body.client_id}`,
    });
    expect(res.body.client_id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(res.body.registration_access_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.body).not.toHaveProperty('client_secret');
    const client: TestClient = { clientId: res.body.client_id, privateKey, publicJwk };
    const { accessToken } = await clientCredentialsToken(http, client);
    expect(accessToken).toBeTruthy();
  });

  it('REG-01: the reference TPP registration (ACP `scopes` array, tls_client_auth with a subject DN) is accepted', async () => {
    const { body } = await metadata();
    const { scope: _scope, jwks, ...rest } = body;
    const res = await http()
      .post(registerPath)
      .send({
        ...rest,
        jwks,
        client_uri: 'https://localhost:8091',
        redirect_uris: ['https://localhost:8091/api/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        scopes: ['openid', 'email', 'accounts', 'offline_access'],
        token_endpoint_auth_method: 'tls_client_auth',
        tls_client_auth_subject_dn: 'CN=financroo,OU=TPP,O=Financroo,C=GB',
      })
      .expect(201);
    expect(res.body.scope).toBe('openid email accounts offline_access');
    expect(res.body.tls_client_auth_subject_dn).toBe('CN=financroo,OU=TPP,O=Financroo,C=GB');
  });

  it.each([
    ['REG-02: no redirect_uris with the code grant', { redirect_uris: undefined }, 'invalid_redirect_uri'],
    ['REG-02: http redirect', { redirect_uris: ['http://tpp.example/cb'] }, 'invalid_redirect_uri'],
    ['REG-02: redirect with a fragment', { redirect_uris: ['https://tpp.example/cb#x'] }, 'invalid_redirect_uri'],
    ['REG-03: jwks and jwks_uri', { jwks_uri: 'https://tpp.example/jwks' }, 'invalid_client_metadata'],
    ['REG-04: client_secret_basic', { token_endpoint_auth_method: 'client_secret_basic' }, 'invalid_client_metadata'],
    [
      'REG-05: tls_client_auth without a subject',
      { token_endpoint_auth_method: 'tls_client_auth' },
      'invalid_client_metadata',
    ],
    ['REG-06: response_types token', { response_types: ['token'] }, 'invalid_client_metadata'],
    ['REG-06: grant_types password', { grant_types: ['password'] }, 'invalid_client_metadata'],
    [
      'REG-07: id_token_signed_response_alg RS256',
      { id_token_signed_response_alg: 'RS256' },
      'invalid_client_metadata',
    ],
    ['system scopes are not for open registration', { scope: 'openid introspect_tokens' }, 'invalid_client_metadata'],
    [
      'REG-08: an untrusted software statement',
      { software_statement: 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln' },
      'unapproved_software_statement',
    ],
  ])('%s → 400 %s, nothing registered', async (_name, change, error) => {
    const { body } = await metadata();
    const res = await http()
      .post(registerPath)
      .send({ ...body, ...change });
    expect([res.status, res.body.error]).toEqual([400, error]);
    expect(res.body.error_description).toEqual(expect.any(String));
    expect(res.body).not.toHaveProperty('client_id');
  });

  it('a body that is not JSON → invalid_request', async () => {
    const res = await http().post(registerPath).type('form').send({ client_name: 'x' });
    expect([res.status, res.body.error]).toEqual([400, 'invalid_request']);
  });

  it('REG-10/REG-11/REG-12/REG-13: read twice, refuse bad tokens, update, delete', async () => {
    const { body } = await metadata();
    const registered = (await http().post(registerPath).send(body).expect(201)).body;
    const path = new URL(registered.registration_client_uri).pathname;
    const rat = registered.registration_access_token as string;

    for (let i = 0; i < 2; i++) {
      const read = await http().get(path).set('Authorization', `Bearer ${rat}`).expect(200);
      expect(read.body).toMatchObject({
        client_id: registered.client_id,
        redirect_uris: body.redirect_uris,
        registration_client_uri: registered.registration_client_uri,
      });
      expect(read.body.registration_access_token).toBe(rat);
    }
    for (const auth of [undefined, 'Bearer wrong', `Basic ${rat}`]) {
      let req = http().get(path);
      if (auth) req = req.set('Authorization', auth);
      const res = await req;
      expect([res.status, res.body.error]).toEqual([401, 'invalid_token']);
      expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      expect(res.body).not.toHaveProperty('client_id');
    }
    // Another client's token does not open this registration.
    const other = (
      await http()
        .post(registerPath)
        .send((await metadata()).body)
        .expect(201)
    ).body;
    await http().get(path).set('Authorization', `Bearer ${other.registration_access_token}`).expect(401);

    const {
      registration_access_token: _r,
      registration_client_uri: _u,
      client_id_issued_at: _i,
      ...update
    } = registered;
    const updated = await http()
      .put(path)
      .set('Authorization', `Bearer ${rat}`)
      .send({ ...update, client_name: 'Renamed' })
      .expect(200);
    expect(updated.body.client_name).toBe('Renamed');
    const invalid = await http()
      .put(path)
      .set('Authorization', `Bearer ${rat}`)
      .send({ ...update, redirect_uris: ['http://x.example/cb'] });
    expect([invalid.status, invalid.body.error]).toEqual([400, 'invalid_redirect_uri']);
    const otherId = await http()
      .put(path)
      .set('Authorization', `Bearer ${rat}`)
      .send({ ...update, client_id: other.client_id });
    expect([otherId.status, otherId.body.error]).toEqual([400, 'invalid_client_metadata']);
    const unchanged = await http().get(path).set('Authorization', `Bearer ${rat}`).expect(200);
    expect(unchanged.body).toMatchObject({ client_name: 'Renamed', redirect_uris: body.redirect_uris });

    await http().delete(path).set('Authorization', `Bearer ${rat}`).expect(204);
    await http().get(path).set('Authorization', `Bearer ${rat}`).expect(401);
  });

  it('REG-11/REG-13: PUT and DELETE without the registration access token, or with another client’s, are refused and change nothing', async () => {
    const mine = (
      await http()
        .post(registerPath)
        .send((await metadata()).body)
        .expect(201)
    ).body;
    const theirs = (
      await http()
        .post(registerPath)
        .send((await metadata()).body)
        .expect(201)
    ).body;
    const path = new URL(mine.registration_client_uri).pathname;
    const { registration_access_token: rat, registration_client_uri: _u, client_id_issued_at: _i, ...update } = mine;
    for (const auth of [undefined, `Bearer ${theirs.registration_access_token}`, 'Bearer x']) {
      let put = http().put(path);
      let del = http().delete(path);
      if (auth) {
        put = put.set('Authorization', auth);
        del = del.set('Authorization', auth);
      }
      const renamed = await put.send({ ...update, client_name: 'Hijacked' });
      expect([renamed.status, renamed.body.error]).toEqual([401, 'invalid_token']);
      expect(renamed.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      const deleted = await del;
      expect([deleted.status, deleted.body.error]).toEqual([401, 'invalid_token']);
    }
    const still = await http().get(path).set('Authorization', `Bearer ${rat}`).expect(200);
    expect(still.body.client_name).toBe(mine.client_name);
  });

  it('REG-13: a deleted client can no longer get tokens', async () => {
    const { body, publicJwk, privateKey } = await metadata();
    const registered = (await http().post(registerPath).send(body).expect(201)).body;
    const client: TestClient = { clientId: registered.client_id, privateKey, publicJwk };
    await clientCredentialsToken(http, client);
    await http()
      .delete(new URL(registered.registration_client_uri).pathname)
      .set('Authorization', `Bearer ${registered.registration_access_token}`)
      .expect(204);
    await expect(clientCredentialsToken(http, client)).rejects.toThrow(/401.*invalid_client/);
  });

  it('REG-12: a key replaced by an update is refused at once, the new key works at once (cached clients)', async () => {
    const { body, publicJwk, privateKey } = await metadata();
    const registered = (await http().post(registerPath).send(body).expect(201)).body;
    const oldKey: TestClient = { clientId: registered.client_id, privateKey, publicJwk };
    await clientCredentialsToken(http, oldKey); // the client and its key are now cached

    const next = await keyPair();
    const {
      registration_access_token: rat,
      registration_client_uri: uri,
      client_id_issued_at: _i,
      ...update
    } = registered;
    await http()
      .put(new URL(uri).pathname)
      .set('Authorization', `Bearer ${rat}`)
      .send({ ...update, jwks: { keys: [next.publicJwk] } })
      .expect(200);

    await expect(clientCredentialsToken(http, oldKey)).rejects.toThrow(/401.*invalid_client/);
    await clientCredentialsToken(http, { clientId: registered.client_id, ...next });
  });

  it('registrations are per server: a Go Bank client does not exist at Hyperscale Bank', async () => {
    const registered = (
      await http()
        .post(registerPath)
        .send((await metadata()).body)
        .expect(201)
    ).body;
    await http()
      .get(`/obgeneric/hyperscalebank/oauth2/register/${registered.client_id}`)
      .set('Authorization', `Bearer ${registered.registration_access_token}`)
      .expect(401);
  });
});
