import { createHash } from 'node:crypto';
import { getRepositoryToken } from '@nestjs/typeorm';
import * as oauth from 'oauth4webapi';
import request from 'supertest';
import type { Repository } from 'typeorm';
import { defaultServerSettings } from '../src/servers/server-settings';
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

// Issue 8 item 2: identity pools of a tenant through the system API, as RFC 9457 problems when refused; a consent
// record revoked through it revokes the consent's tokens and codes at once.
describe('identity pools (system API, scope manage_identity_pools)', () => {
  let as: AuthServerHarness;
  let bank: TestClient;
  let bankToken: { accessToken: string; key: DpopKey };
  let tpp: TestClient;
  const issuer = 'https://localhost:8443/obgeneric/hyperscalebank';
  const redirectUri = 'https://tpp.example/cb';
  const PROBLEM = /^application\/problem\+json/;

  beforeAll(async () => {
    as = await startAuthServer();
    // Hyperscale Bank decides consents on its own page and names the consent (the pool record) when it accepts.
    const servers = as.app.get<Repository<ServerEntity>>(getRepositoryToken(ServerEntity));
    const hyperscale = await servers.findOneByOrFail({ tenant: 'obgeneric', serverId: 'hyperscalebank' });
    await servers.update(
      { id: hyperscale.id },
      { settings: { ...hyperscale.settings, consentPageUrl: 'https://localhost:6080/consent' } },
    );
    await as.app.get(ServerRegistry).changed('obgeneric', 'hyperscalebank');
    bank = await createClient(
      as.app,
      { scope: 'manage_logins manage_identity_pools introspect_tokens' },
      'hyperscalebank',
    );
    bankToken = await clientCredentialsToken(http, bank, undefined, 'hyperscalebank');
    tpp = await createClient(
      as.app,
      {
        client_name: 'Financroo',
        grant_types: ['authorization_code', 'refresh_token'],
        redirect_uris: [redirectUri],
        scope: 'openid accounts offline_access',
      },
      'hyperscalebank',
    );
  });
  afterAll(() => as?.close());

  function http() {
    return request(as.app.getHttpServer());
  }
  const ath = (token: string) => createHash('sha256').update(token).digest('base64url');

  /** A system API call with a DPoP-bound token (default: the bank's), proof for this very URL (no query). */
  async function system(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    options: {
      body?: object | string;
      headers?: Record<string, string>;
      as?: { accessToken: string; key: DpopKey };
    } = {},
  ) {
    const { accessToken, key } = options.as ?? bankToken;
    const url = `https://localhost:8443${path}`;
    const proof = await dpopProof(key, method, url.split('?')[0]!, { ath: ath(accessToken) });
    let req = http()
      [method.toLowerCase() as 'get'](path)
      .set('Authorization', `DPoP ${accessToken}`)
      .set('DPoP', proof);
    if (typeof options.body === 'string') req = req.set('Content-Type', 'application/json');
    for (const [name, value] of Object.entries(options.headers ?? {})) req = req.set(name, value);
    if (typeof options.body === 'string') return req.send(options.body);
    return options.body ? req.send(options.body) : req;
  }
  const pools = (method: Parameters<typeof system>[0], path: string, options: Parameters<typeof system>[2] = {}) =>
    system(method, `/api/system/obgeneric/pools${path}`, options);

  const consentAttributes = (overrides: Record<string, unknown> = {}) => ({
    subject: 'user',
    client_id: tpp.clientId,
    client_name: 'Financroo',
    status: 'authorized',
    granted_scopes: ['openid', 'accounts', 'offline_access'],
    account_ids: ['2000002', '2000011'],
    authorization_details: [],
    created_at: '2026-12-02T10:00:00Z',
    updated_at: '2026-12-02T10:00:00Z',
    ...overrides,
  });

  describe('seeds', () => {
    it('the tenant starts with its customers, staff and hyperscalebank-consents pools', async () => {
      const list = await pools('GET', '');
      expect(list.status).toBe(200);
      expect(list.headers['cache-control']).toBe('no-store');
      expect(list.body.pools.map((p: { id: string }) => p.id)).toEqual([
        'hyperscalebank-consents',
        'obgeneric-customers',
        'obgeneric-staff',
      ]);
      const consents = await pools('GET', '/hyperscalebank-consents');
      expect(consents.status).toBe(200);
      expect(consents.headers.etag).toBe('"1"');
      expect(consents.body).toMatchObject({ consents_of_server: 'hyperscalebank', schema_version: 1 });
      expect(Object.keys(consents.body.schema.properties).sort()).toEqual(
        [
          'account_ids',
          'authorization_details',
          'client_id',
          'client_name',
          'created_at',
          'granted_scopes',
          'status',
          'subject',
          'updated_at',
        ].sort(),
      );
      expect(consents.body.schema.properties.status).toEqual({ enum: ['authorized', 'rejected', 'revoked'] });
    });

    it('the bank customer `user` is a record with a password that is never shown', async () => {
      const found = await pools('GET', '/obgeneric-customers/records?attr.username=user');
      expect(found.status).toBe(200);
      expect(found.body.records).toEqual([
        expect.objectContaining({
          pool_id: 'obgeneric-customers',
          version: 1,
          has_password: true,
          attributes: expect.objectContaining({ username: 'user', name: 'Joe Doe' }),
        }),
      ]);
      expect(found.text).not.toMatch(/scrypt|password_hash/);
      const staff = await pools('GET', '/obgeneric-staff/records?attr.username=admin');
      expect(staff.body.records).toHaveLength(1);
    });
  });

  describe('a consent record revoked through the pool API', () => {
    /** PAR → hosted login → the bank accepts at its consent page with consent_id = the record's id → the callback. */
    async function authorize(consentId: string): Promise<{ code: string; verifier: string; key: DpopKey }> {
      const key = await dpopKey();
      const verifier = oauth.generateRandomCodeVerifier();
      const par = await withServerNonce(async (nonce) =>
        http()
          .post('/obgeneric/hyperscalebank/par')
          .type('form')
          .set('DPoP', await dpopProof(key, 'POST', `${issuer}/par`, nonce ? { nonce } : {}))
          .send({
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: await clientAssertion(tpp, issuer),
            response_type: 'code',
            redirect_uri: redirectUri,
            scope: 'openid accounts offline_access',
            code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
            code_challenge_method: 'S256',
          }),
      );
      expect(par.status).toBe(201);
      const browser = new TestBrowser(as.localBase, as.publicBase);
      const start = await browser.get(
        `${issuer}/oauth2/authorize?client_id=${tpp.clientId}&request_uri=${encodeURIComponent(par.body.request_uri)}`,
      );
      const login = await browser.post(start.headers.get('location')!, { username: 'user', password: 'p@ssword!' });
      const handOff = new URL(login.headers.get('location')!);
      const loginId = handOff.searchParams.get('login_id')!;
      const accepted = await system('POST', `/api/system/obgeneric/servers/hyperscalebank/logins/${loginId}/accept`, {
        body: {
          login_state: handOff.searchParams.get('login_state'),
          granted_scopes: ['openid', 'accounts', 'offline_access'],
          consent_id: consentId,
        },
      });
      expect(accepted.status).toBe(200);
      const callback = (await browser.follow(await browser.get(accepted.body.redirect_to))) as URL;
      return { code: callback.searchParams.get('code')!, verifier, key };
    }

    const token = async (key: DpopKey, form: Record<string, string>) =>
      withServerNonce(async (nonce) =>
        http()
          .post('/obgeneric/hyperscalebank/oauth2/token')
          .type('form')
          .set('DPoP', await dpopProof(key, 'POST', `${issuer}/oauth2/token`, nonce ? { nonce } : {}))
          .send({
            ...form,
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: await clientAssertion(tpp, issuer),
          }),
      );
    const redeem = (flow: { code: string; verifier: string; key: DpopKey }) =>
      token(flow.key, {
        grant_type: 'authorization_code',
        code: flow.code,
        redirect_uri: redirectUri,
        code_verifier: flow.verifier,
      });
    const introspect = async (value: string) =>
      (
        await http()
          .post('/obgeneric/hyperscalebank/oauth2/introspect')
          .type('form')
          .send({
            token: value,
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: await clientAssertion(bank, issuer),
          })
      ).body;

    it('TOKEN-29/INTRO-07: status revoked (one PATCH) leaves its tokens inactive, its refresh token and its unredeemed code refused', async () => {
      const created = await pools('POST', '/hyperscalebank-consents/records', {
        body: { attributes: consentAttributes() },
      });
      expect(created.status).toBe(201);
      expect(created.headers.etag).toBe('"1"');
      const consentId = created.body.id as string;

      const redeemed = await authorize(consentId);
      const tokens = await redeem(redeemed);
      expect(tokens.status).toBe(200);
      const pending = await authorize(consentId); // a code issued under the consent, not redeemed yet
      expect(await introspect(tokens.body.access_token)).toMatchObject({ active: true, consent_id: consentId });
      expect(await introspect(tokens.body.refresh_token)).toMatchObject({ active: true, consent_id: consentId });

      const revoked = await pools('PATCH', `/hyperscalebank-consents/records/${consentId}`, {
        body: { attributes: { status: 'revoked', updated_at: '2026-12-02T11:00:00Z' } },
        headers: { 'If-Match': '"1"' },
      });
      expect(revoked.status).toBe(200);
      expect(revoked.headers.etag).toBe('"2"');
      expect(revoked.body.attributes).toEqual(
        consentAttributes({ status: 'revoked', updated_at: '2026-12-02T11:00:00Z' }),
      );

      expect(await introspect(tokens.body.access_token)).toEqual({ active: false });
      expect(await introspect(tokens.body.refresh_token)).toEqual({ active: false });
      const refreshed = await token(redeemed.key, {
        grant_type: 'refresh_token',
        refresh_token: tokens.body.refresh_token,
      });
      expect([refreshed.status, refreshed.body.error]).toEqual([400, 'invalid_grant']);
      const late = await redeem(pending);
      expect([late.status, late.body.error]).toEqual([400, 'invalid_grant']);

      // A revoked consent stays revoked.
      const again = await pools('PATCH', `/hyperscalebank-consents/records/${consentId}`, {
        body: { attributes: { status: 'authorized' } },
        headers: { 'If-Match': '"2"' },
      });
      expect(again.status).toBe(409);
      expect(again.headers['content-type']).toMatch(PROBLEM);
    });

    it('other consents keep their tokens; deleting a consent record revokes its tokens too', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 2; i++) {
        const created = await pools('POST', '/hyperscalebank-consents/records', {
          body: { attributes: consentAttributes() },
        });
        ids.push(created.body.id as string);
      }
      const [kept, deleted] = await Promise.all(ids.map(async (id) => (await redeem(await authorize(id))).body));
      const gone = await pools('DELETE', `/hyperscalebank-consents/records/${ids[1]}`);
      expect(gone.status).toBe(204);
      expect(await introspect(deleted.access_token)).toEqual({ active: false });
      expect(await introspect(kept.access_token)).toMatchObject({ active: true, consent_id: ids[0] });
      expect((await pools('GET', `/hyperscalebank-consents/records/${ids[1]}`)).status).toBe(404);
    });
  });

  describe('schema changes', () => {
    const personSchema = { type: 'object', properties: { name: { type: 'string' }, email: { type: 'string' } } };

    it('refused with a count and a sample while existing records would not validate; accepted once they do', async () => {
      expect((await pools('POST', '', { body: { id: 'schema-change', schema: personSchema } })).status).toBe(201);
      const ids: string[] = [];
      for (const attributes of [{ name: 'a' }, { name: 'b' }, { name: 'c', email: 'c@example.com' }]) {
        ids.push((await pools('POST', '/schema-change/records', { body: { attributes } })).body.id as string);
      }
      const stricter = { ...personSchema, required: ['email'] };
      const refused = await pools('PUT', '/schema-change/schema', { body: { schema: stricter } });
      expect(refused.status).toBe(409);
      expect(refused.headers['content-type']).toMatch(PROBLEM);
      expect(refused.body).toMatchObject({ type: 'urn:ofs:problem:schema-incompatible', status: 409, count: 2 });
      expect(refused.body.sample.map((s: { id: string }) => s.id).sort()).toEqual([ids[0], ids[1]].sort());
      expect(refused.body.sample[0].errors).toEqual(["/ must have required property 'email'"]);
      expect((await pools('GET', '/schema-change')).body).toMatchObject({ schema_version: 1, schema: personSchema });

      for (const id of [ids[0], ids[1]]) {
        const fixed = await pools('PATCH', `/schema-change/records/${id}`, {
          body: { attributes: { email: `${id}@example.com` } },
          headers: { 'If-Match': '"1"' },
        });
        expect(fixed.status).toBe(200);
      }
      const stale = await pools('PUT', '/schema-change/schema', {
        body: { schema: stricter },
        headers: { 'If-Match': '"7"' },
      });
      expect(stale.status).toBe(412);
      const accepted = await pools('PUT', '/schema-change/schema', {
        body: { schema: stricter },
        headers: { 'If-Match': '"1"' },
      });
      expect(accepted.status).toBe(200);
      expect(accepted.headers.etag).toBe('"2"');
      expect(accepted.body).toMatchObject({ schema_version: 2, schema: stricter });
      const invalid = await pools('POST', '/schema-change/records', { body: { attributes: { name: 'd' } } });
      expect(invalid.status).toBe(422);
      expect(invalid.body).toMatchObject({
        type: 'urn:ofs:problem:invalid-attributes',
        errors: ["/ must have required property 'email'"],
      });
    });
  });

  describe('records', () => {
    beforeAll(async () => {
      const schema = {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string' }, tags: { type: 'array' } },
      };
      expect((await pools('POST', '', { body: { id: 'people', schema } })).status).toBe(201);
    });

    it('a lost update is answered 412; an update without If-Match 428; the winner’s change stays', async () => {
      const created = await pools('POST', '/people/records', { body: { attributes: { name: 'Ann' } } });
      const path = `/people/records/${created.body.id}`;
      const [first, second] = [await pools('GET', path), await pools('GET', path)];
      expect([first.headers.etag, second.headers.etag]).toEqual(['"1"', '"1"']);
      const winner = await pools('PUT', path, {
        body: { attributes: { name: 'Ann Smith' } },
        headers: { 'If-Match': first.headers.etag! },
      });
      expect([winner.status, winner.headers.etag]).toEqual([200, '"2"']);
      const loser = await pools('PUT', path, {
        body: { attributes: { name: 'Ann Jones' } },
        headers: { 'If-Match': second.headers.etag! },
      });
      expect(loser.status).toBe(412);
      expect(loser.headers['content-type']).toMatch(PROBLEM);
      expect(loser.body).toMatchObject({ type: 'urn:ofs:problem:precondition-failed', status: 412 });
      const blind = await pools('PUT', path, { body: { attributes: { name: 'Ann Blind' } } });
      expect([blind.status, blind.body.type]).toEqual([428, 'urn:ofs:problem:precondition-required']);
      const now = await pools('GET', path);
      expect([now.headers.etag, now.body.attributes]).toEqual(['"2"', { name: 'Ann Smith' }]);
      const staleDelete = await pools('DELETE', path, { headers: { 'If-Match': '"1"' } });
      expect(staleDelete.status).toBe(412);
    });

    it('a body in another media type is refused (415), not read as an empty change', async () => {
      const created = await pools('POST', '/people/records', { body: { attributes: { name: 'Bo' } } });
      const path = `/people/records/${created.body.id}`;
      for (const type of ['application/merge-patch+json', 'text/plain', 'application/x-www-form-urlencoded']) {
        const res = await pools('PATCH', path, {
          body: JSON.stringify({ attributes: { name: 'Bob' } }),
          headers: { 'Content-Type': type, 'If-Match': '"1"' },
        });
        expect([res.status, res.headers['content-type']]).toEqual([415, expect.stringMatching(PROBLEM)]);
      }
      const posted = await http()
        .post('/api/system/obgeneric/pools/people/records')
        .set('Authorization', `DPoP ${bankToken.accessToken}`)
        .set(
          'DPoP',
          await dpopProof(bankToken.key, 'POST', 'https://localhost:8443/api/system/obgeneric/pools/people/records', {
            ath: ath(bankToken.accessToken),
          }),
        )
        .type('form')
        .send({ attributes: 'x' });
      expect(posted.status).toBe(415);
      expect((await pools('GET', path)).headers.etag).toBe('"1"');
    });

    it('search pages through every match, newest first', async () => {
      const made: string[] = [];
      for (const name of ['p1', 'p2', 'p3']) {
        made.push(
          (await pools('POST', '/people/records', { body: { attributes: { name, tags: ['paged', name] } } })).body
            .id as string,
        );
      }
      const page1 = await pools('GET', '/people/records?attr.tags=paged&limit=2');
      expect(page1.status).toBe(200);
      expect(page1.body.records.map((r: { id: string }) => r.id)).toEqual([made[2], made[1]]);
      const page2 = await pools('GET', `/people/records?attr.tags=paged&limit=2&cursor=${page1.body.next_cursor}`);
      expect(page2.body.records.map((r: { id: string }) => r.id)).toEqual([made[0]]);
      expect(page2.body.next_cursor).toBeUndefined();
      const both = await pools('GET', '/people/records?attr.tags=paged&attr.name=p2');
      expect(both.body.records.map((r: { id: string }) => r.id)).toEqual([made[1]]);
    });

    it.each([
      ['a record id that is no uuid', 404, 'GET', '/people/records/not-a-uuid', undefined],
      ['an unknown record', 404, 'GET', '/people/records/00000000-0000-4000-8000-000000000000', undefined],
      ['an unknown pool', 404, 'GET', '/nobody/records', undefined],
      [
        'an update of an unknown record',
        404,
        'PATCH',
        '/people/records/00000000-0000-4000-8000-000000000000',
        { attributes: {} },
      ],
      ['a body that is not JSON', 400, 'POST', '/people/records', '{"attributes": {'],
      ['a body without attributes', 400, 'POST', '/people/records', { name: 'x' }],
      ['attributes that are no object', 400, 'POST', '/people/records', { attributes: [1] }],
      ['attributes against the schema', 422, 'POST', '/people/records', { attributes: { name: 7 } }],
      ['a pool name with capitals', 400, 'POST', '', { id: 'People', schema: { type: 'object' } }],
      ['a pool that exists', 409, 'POST', '', { id: 'people', schema: { type: 'object' } }],
      ['a schema with a root that is no object', 422, 'POST', '', { id: 'bad-1', schema: { type: 'string' } }],
      [
        'a schema with an unknown keyword',
        422,
        'POST',
        '',
        { id: 'bad-2', schema: { type: 'object', requried: ['a'] } },
      ],
      [
        'a schema that is no schema',
        422,
        'POST',
        '',
        { id: 'bad-3', schema: { type: 'object', minProperties: 'two' } },
      ],
      [
        'a new schema that does not compile',
        422,
        'PUT',
        '/people/schema',
        { schema: { type: 'object', pattern: '(' } },
      ],
      [
        'consents of an unknown server',
        422,
        'POST',
        '',
        { id: 'bad-4', schema: { type: 'object' }, consents_of_server: 'nope' },
      ],
      ['a cursor this API never gave', 400, 'GET', '/people/records?cursor=bm9wZQ', undefined],
      ['an unknown query parameter', 400, 'GET', '/people/records?name=x', undefined],
      ['a limit out of range', 400, 'GET', '/people/records?limit=0', undefined],
      ['a filter given twice', 400, 'GET', '/people/records?attr.name=a&attr.name=b', undefined],
    ] as const)('%s → %i, a problem', async (_case, status, method, path, body) => {
      const res = await pools(method, path, body === undefined ? {} : { body: body as object | string });
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ status, title: expect.any(String) });
    });
  });

  it('Swagger documents every pools operation with its problem answers', async () => {
    const doc = (await http().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const operations = (path: string) => Object.keys(doc.paths[`/api/system/{tenant}/pools${path}`] ?? {}).sort();
    expect(operations('')).toEqual(['get', 'post']);
    expect(operations('/{pool}')).toEqual(['get']);
    expect(operations('/{pool}/schema')).toEqual(['put']);
    expect(operations('/{pool}/records')).toEqual(['get', 'post']);
    expect(operations('/{pool}/records/{id}')).toEqual(['delete', 'get', 'patch', 'put']);
    const put = doc.paths['/api/system/{tenant}/pools/{pool}/records/{id}']!.put!;
    expect(Object.keys(put.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
      '412',
      '415',
      '422',
      '428',
    ]);
    expect(Object.keys(doc.paths['/api/system/{tenant}/pools/{pool}/schema']!.put!.responses)).toContain('409');
  });

  describe('who may call: any server’s client of the tenant with the scope', () => {
    it('RS-11: 401 without a token, 403 without the scope; a gobank client with the scope manages the tenant’s pools', async () => {
      const anonymous = await http().get('/api/system/obgeneric/pools');
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers['www-authenticate']).toMatch(/^DPoP/);
      const plain = await createClient(as.app, { scope: 'introspect_tokens' }, 'hyperscalebank');
      const noScope = await pools('GET', '', {
        as: await clientCredentialsToken(http, plain, undefined, 'hyperscalebank'),
      });
      expect([noScope.status, noScope.body.error]).toEqual([403, 'insufficient_scope']);
      expect(noScope.headers['www-authenticate']).toMatch(/insufficient_scope/);
      const gobank = await createClient(as.app, { scope: 'manage_identity_pools' }, 'gobank');
      const gobankToken = await clientCredentialsToken(http, gobank, undefined, 'gobank');
      const read = await pools('GET', '/hyperscalebank-consents', { as: gobankToken });
      expect(read.status).toBe(200);
      // The proof's key must be the token's: a stolen token is refused.
      const stolen = await pools('GET', '', { as: { accessToken: gobankToken.accessToken, key: await dpopKey() } });
      expect([stolen.status, stolen.body.error]).toEqual([401, 'invalid_token']);
    });

    it('a token of another tenant is not valid for this tenant, and tenants’ pools are apart', async () => {
      const servers = as.app.get<Repository<ServerEntity>>(getRepositoryToken(ServerEntity));
      await servers.insert({
        tenant: 'othertenant',
        serverId: 'bank',
        name: 'Other',
        settings: defaultServerSettings(),
      });
      const other = await createClientInTenant('othertenant', 'bank', 'manage_identity_pools');
      const otherIssuer = 'https://localhost:8443/othertenant/bank';
      const key = await dpopKey();
      const res = await withServerNonce(async (nonce) =>
        http()
          .post('/othertenant/bank/oauth2/token')
          .type('form')
          .set('DPoP', await dpopProof(key, 'POST', `${otherIssuer}/oauth2/token`, nonce ? { nonce } : {}))
          .send({
            grant_type: 'client_credentials',
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: await clientAssertion(other, otherIssuer),
          }),
      );
      expect(res.status).toBe(200);
      const otherToken = { accessToken: res.body.access_token as string, key };
      const cross = await pools('GET', '', { as: otherToken });
      expect([cross.status, cross.body.error]).toEqual([401, 'invalid_token']);
      const own = await system('GET', '/api/system/othertenant/pools', { as: otherToken });
      expect([own.status, own.body.pools]).toEqual([200, []]);
      const created = await system('POST', '/api/system/othertenant/pools', {
        as: otherToken,
        body: { id: 'people', schema: { type: 'object' } },
      });
      expect(created.status).toBe(201); // the same name as obgeneric's pool: another tenant's pool
      const intoObgeneric = await system('GET', '/api/system/othertenant/pools/people', {});
      expect([intoObgeneric.status, intoObgeneric.body.error]).toEqual([401, 'invalid_token']);
    });
  });

  async function createClientInTenant(tenant: string, server: string, scope: string): Promise<TestClient> {
    // createClient resolves servers of obgeneric; store this one by hand with the same key material.
    const client = await createClient(as.app, { scope });
    const context = await as.app.get(ServerRegistry).resolve(tenant, server);
    await as.app
      .get<Repository<ServerEntity>>(getRepositoryToken(ServerEntity))
      .query(`UPDATE "client" SET "server_pk" = $2 WHERE "client_id" = $1`, [client.clientId, context.entity.id]);
    return client;
  }
});
