import fc from 'fast-check';
import request from 'supertest';
import { startAuthServer, type AuthServerHarness } from './auth-server-harness';

/*
 * Issue 7 (review): no input gives a 500. First the nine causes a black-box fuzz found, each with its precise
 * answer; then a bounded property-based fuzz of every endpoint (FUZZ_RUNS raises it: `npm run fuzz`).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

describe('no input gives a 500 (issue 7, review)', () => {
  let as: AuthServerHarness;
  const http = () => request(as.app.getHttpServer());
  beforeAll(async () => {
    as = await startAuthServer();
  });
  afterAll(() => as?.close());

  const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

  it.each<[string, () => request.Test, number, string | RegExp]>([
    [
      'an almost-UUID login id',
      () => http().get('/obgeneric/gobank/login/00000000-0000-0000-0000-00000000000g'),
      400,
      /text\/html/,
    ],
    [
      'an almost-UUID consent id',
      () => http().post('/obgeneric/gobank/consent/0000-0000').type('form').send({ action: 'confirm' }),
      400,
      /text\/html/,
    ],
    ['an almost-UUID resume id', () => http().get('/obgeneric/gobank/oauth2/authorize/resume/zzz'), 400, /text\/html/],
    [
      'an almost-UUID system login id',
      () => http().get('/api/system/obgeneric/servers/gobank/logins/0000-0000'),
      401,
      /json/,
    ],
    [
      'a cookie with bad percent-encoding',
      () =>
        http()
          .get('/obgeneric/gobank/login/00000000-0000-0000-0000-000000000000')
          .set('Cookie', 'ofs_i_00000000000000000000000000000000=%E0%A4%A'),
      400,
      /text\/html/,
    ],
    [
      'a login POST without a form body',
      () => http().post('/obgeneric/gobank/login/00000000-0000-0000-0000-000000000000'),
      400,
      /text\/html/,
    ],
    [
      'deeply nested JSON at the admin API',
      () =>
        http()
          .patch('/api/admin/obgeneric/servers/gobank')
          .set('content-type', 'application/json')
          .send(`{"name":${nested(5000)}}`),
      400,
      /json/,
    ],
    [
      'deeply nested JSON at the system API',
      () =>
        http()
          .post('/api/system/obgeneric/servers/gobank/logins/x/accept')
          .set('content-type', 'application/json')
          .send(`{"a":${nested(5000)}}`),
      400,
      /json/,
    ],
    [
      'a NUL byte in a path segment',
      () => http().post('/obgeneric/gob%00ank/par').type('form').send('a=b'),
      400,
      /json/,
    ],
    [
      'a NUL byte in a form parameter',
      () => http().post('/obgeneric/gobank/par').type('form').send('client_id=a%00b'),
      400,
      /json/,
    ],
    [
      'a NUL byte in a query parameter',
      () => http().get('/obgeneric/gobank/oauth2/authorize?client_id=a%00b&request_uri=x'),
      400,
      /text\/html/,
    ],
    [
      'a NUL in a JSON string',
      () =>
        http()
          .post('/obgeneric/gobank/oauth2/register')
          .set('content-type', 'application/json')
          .send('{"client_name":"a\\u0000b"}'),
      400,
      /json/,
    ],
    [
      'a lone UTF-16 surrogate in JSON',
      () =>
        http()
          .post('/obgeneric/gobank/oauth2/register')
          .set('content-type', 'application/json')
          .send('{"client_name":"\\ud800x"}'),
      400,
      /json/,
    ],
    [
      'non-Latin-1 text of a JOSE header echoed into WWW-Authenticate',
      () =>
        http()
          .get('/obgeneric/gobank/userinfo')
          .set('Authorization', 'DPoP token')
          .set('DPoP', `${b64({ alg: 'ES256☃', typ: 'dpop+jwt' })}.${b64({})}.sig`),
      401,
      /json/,
    ],
  ])('%s → its precise 4xx, never a 500', async (_name, send, status, type) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(type);
  });

  it('the refusal names what is wrong', async () => {
    const nul = await http().post('/obgeneric/gobank/par').type('form').send('client_id=a%00b');
    expect(nul.body).toEqual({ error: 'invalid_request', error_description: 'the form body contains a NUL character' });
    const deep = await http()
      .patch('/api/admin/obgeneric/servers/gobank')
      .set('content-type', 'application/json')
      .send(nested(40));
    expect(deep.body.error_description).toBe('the JSON body is nested deeper than 32 levels');
    const surrogate = await http()
      .post('/obgeneric/gobank/oauth2/register')
      .set('content-type', 'application/json')
      .send('{"a":"\\udc00"}');
    expect(surrogate.body.error_description).toBe('the JSON body contains a lone UTF-16 surrogate');
    const pair = await http()
      .post('/obgeneric/gobank/oauth2/register')
      .set('content-type', 'application/json')
      .send('{"client_name":"\\ud83d\\ude00"}');
    expect(pair.body.error).not.toBe('invalid_request'); // a proper pair is fine: the metadata is judged on its merits
  });

  describe('property: any request to any endpoint gets an answer below 500', () => {
    const segment = fc.oneof(
      fc.constantFrom(
        'obgeneric',
        'gobank',
        'hyperscalebank',
        '00000000-0000-0000-0000-000000000000',
        '%00',
        '%E0%A4%A',
        '..',
        '%2F',
      ),
      fc.uuid(),
      fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent),
    );
    const server = fc.record({
      t: fc.constantFrom('obgeneric', 'obgeneric', 'nope'),
      s: fc.constantFrom('gobank', 'hyperscalebank', 'x'),
    });
    const route = fc
      .tuple(server, segment)
      .chain(([{ t, s }, id]) =>
        fc.constantFrom<[string, string]>(
          ['GET', `/${t}/${s}/.well-known/openid-configuration`],
          ['GET', `/.well-known/oauth-authorization-server/${t}/${s}`],
          ['GET', `/${t}/${s}/.well-known/jwks.json`],
          ['POST', `/${t}/${s}/par`],
          ['POST', `/${t}/${s}/oauth2/token`],
          ['POST', `/${t}/${s}/oauth2/introspect`],
          ['POST', `/${t}/${s}/oauth2/revoke`],
          ['POST', `/${t}/${s}/oauth2/register`],
          ['GET', `/${t}/${s}/oauth2/register/${id}`],
          ['PUT', `/${t}/${s}/oauth2/register/${id}`],
          ['DELETE', `/${t}/${s}/oauth2/register/${id}`],
          ['GET', `/${t}/${s}/oauth2/authorize`],
          ['GET', `/${t}/${s}/login/${id}`],
          ['POST', `/${t}/${s}/login/${id}`],
          ['GET', `/${t}/${s}/consent/${id}`],
          ['POST', `/${t}/${s}/consent/${id}`],
          ['GET', `/${t}/${s}/oauth2/authorize/resume/${id}`],
          ['GET', `/${t}/${s}/userinfo`],
          ['POST', `/${t}/${s}/userinfo`],
          ['GET', `/api/system/${t}/servers/${s}/logins/${id}`],
          ['POST', `/api/system/${t}/servers/${s}/logins/${id}/accept`],
          ['POST', `/api/system/${t}/servers/${s}/logins/${id}/reject`],
          ['DELETE', `/api/system/${t}/servers/${s}/tokens?consent_id=${id}`],
          ['GET', `/api/admin/${t}/servers/${s}`],
          ['PATCH', `/api/admin/${t}/servers/${s}`],
          ['POST', `/api/admin/${t}/servers/${s}/keys/rotate`],
          ['GET', `/api/admin/${t}/servers/${s}/clients`],
        ),
      );
    const text = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.constantFrom('\u0000', '\ud800', '%00', 'a'.repeat(3000), '<script>', '"', 'PS256', 'none'),
    );
    const params = fc.dictionary(
      fc.constantFrom(
        'client_id',
        'grant_type',
        'code',
        'scope',
        'token',
        'request_uri',
        'redirect_uri',
        'login_state',
        'action',
        'username',
        'password',
        'x',
      ),
      text,
      { maxKeys: 5 },
    );
    const body = fc.oneof(
      fc.record({ kind: fc.constant('form' as const), value: params }),
      fc.record({ kind: fc.constant('json' as const), value: fc.jsonValue({ maxDepth: 6 }) }),
      fc.record({ kind: fc.constant('raw' as const), value: fc.string({ unit: 'binary', maxLength: 200 }) }),
      fc.constant({ kind: 'none' as const, value: undefined }),
    );
    const headers = fc.record(
      {
        authorization: fc.oneof(
          text,
          text.map((t) => `DPoP ${t}`),
          text.map((t) => `Bearer ${t}`),
          text.map((t) => `Basic ${t}`),
        ),
        dpop: fc.oneof(
          text,
          fc.tuple(fc.jsonValue(), fc.jsonValue()).map(([h, p]) => `${b64(h as object)}.${b64(p as object)}.x`),
        ),
        cookie: text.map((t) => `ofs_i_x=${t}`),
      },
      { requiredKeys: [] },
    );
    const latin1 = (value: string) => value.replace(/[^\x20-\x7e\xa0-\xff]/g, '');

    it(
      `${RUNS} requests`,
      async () => {
        await fc.assert(
          fc.asyncProperty(
            route,
            fc.dictionary(fc.string({ maxLength: 10 }), text, { maxKeys: 3 }),
            body,
            headers,
            async ([method, path], query, payload, extra) => {
              const qs = new URLSearchParams(query as Record<string, string>).toString();
              let req = http()[method.toLowerCase() as 'get'](
                qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path,
              );
              for (const [name, value] of Object.entries(extra)) req = req.set(name, latin1(value as string));
              if (payload.kind === 'form') req = req.type('form').send(payload.value as Record<string, string>);
              else if (payload.kind === 'json')
                req = req.set('content-type', 'application/json').send(JSON.stringify(payload.value));
              else if (payload.kind === 'raw') req = req.set('content-type', 'application/json').send(payload.value);
              const res = await req;
              if (res.status >= 500) throw new Error(`${method} ${path} → ${res.status} ${res.text.slice(0, 300)}`);
            },
          ),
          { numRuns: RUNS },
        );
      },
      30_000 + RUNS * 50,
    );
  });
});
