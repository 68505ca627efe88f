import request from 'supertest';
import { startAuthServer, type AuthServerHarness } from './auth-server-harness';

type Operation = { security?: Array<Record<string, string[]>>; responses: Record<string, unknown> };

// Issue 7 (Swagger): the document shows the API as it is — operations, their security schemes, their errors.
describe('the authorization server in Swagger (/docs-json)', () => {
  let as: AuthServerHarness;
  let doc: {
    paths: Record<string, Record<string, Operation>>;
    components: { securitySchemes: Record<string, unknown> };
  };

  beforeAll(async () => {
    as = await startAuthServer();
    doc = (await request(as.app.getHttpServer()).get('/docs-json').expect(200)).body;
  });
  afterAll(() => as?.close());

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method, op })),
    );

  it('lists no method-not-allowed catch-alls: the OAuth endpoints are POST only', () => {
    for (const endpoint of ['par', 'oauth2/token', 'oauth2/introspect', 'oauth2/revoke']) {
      expect(Object.keys(doc.paths[`/{tenant}/{server}/${endpoint}`] ?? {})).toEqual(['post']);
    }
  });

  it('declares the sender-constrained schemes and attaches them to every system, admin and userinfo operation', () => {
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearer', 'certificate-bound', 'dpop']);
    const guarded = operations().filter(({ path }) => path.startsWith('/api/') || path.endsWith('/userinfo'));
    expect(guarded.length).toBeGreaterThan(10);
    for (const { path, method, op } of guarded) {
      expect([path, method, op.security]).toEqual([path, method, [{ 'certificate-bound': [] }, { dpop: [] }]]);
    }
    const management = operations().filter(({ path }) => path.includes('/oauth2/register/'));
    for (const { op } of management) expect(op.security).toEqual([{ bearer: [] }]);
  });

  it('documents the error responses of the OAuth endpoints and APIs, in the RFC 6749 §5.2 shape', () => {
    const errorSchema = (op: Operation, status: string) =>
      (op.responses[status] as { content?: Record<string, { schema: { $ref: string } }> } | undefined)?.content?.[
        'application/json'
      ]?.schema.$ref;
    for (const { path, method, op } of operations()) {
      if (path === '/health' || path.includes('.well-known') || path.includes('/pools')) continue;
      const expected = path.endsWith('/userinfo') ? '401' : path.endsWith('/authorize') ? undefined : '400';
      if (!expected) continue;
      expect([path, method, errorSchema(op, expected)]).toEqual([
        path,
        method,
        '#/components/schemas/OAuthErrorResponseDto',
      ]);
    }
  });
});
