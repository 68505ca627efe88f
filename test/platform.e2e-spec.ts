import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { API_SECURITY_HEADERS } from '@ofs/platform';
import { SANDBOX_APPS } from '../scripts/sandbox-apps';
import { startTestApp, type TestApp } from './support/test-app';

/** Apps whose first listener serves pages (libs/web's HtmlErrorFilter answers unknown paths with an HTML page). */
const PAGE_LISTENERS = ['financroo', 'consent-admin'];

// What every listener of every app serves before any feature is added (issue 2, item 1).
describe.each(SANDBOX_APPS.map((def) => [def.name, def] as const))('%s platform surface', (_name, def) => {
  let sandbox: TestApp<never>;

  beforeAll(async () => {
    sandbox = await startTestApp(def);
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  const listeners = (): Array<[string, INestApplication]> => Object.entries(sandbox.apps);

  it('has at least one listener', () => {
    expect(listeners().length).toBeGreaterThan(0);
  });

  it('answers /health 200 with its database check, uncached, with security headers and a request id', async () => {
    for (const [, app] of listeners()) {
      const res = await request(app.getHttpServer()).get('/health').expect(200);
      expect(res.body).toEqual({ status: 'ok', checks: { database: 'up' } });
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers['strict-transport-security']).toContain('max-age=31536000');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['x-powered-by']).toBeUndefined();
      // No automatic ETag (a hash of every body): answers are no-store; conditional requests set their own.
      expect(res.headers.etag).toBeUndefined();
      const doc = await request(app.getHttpServer()).get('/docs-json').expect(200);
      expect(doc.headers.etag).toBeUndefined();
    }
  });

  it("answers under its API paths with the API security headers (OWASP REST), elsewhere with helmet's", async () => {
    for (const listener of def.listeners(sandbox.config as never)) {
      const server = sandbox.apps[listener.name]!.getHttpServer();
      for (const prefix of listener.apiPaths ?? []) {
        // Every answer under the prefix, a refusal too, carries the API set; in upper case too (routes ignore case).
        for (const path of [`${prefix}no-such-thing`, `${prefix.toUpperCase()}no-such-thing`]) {
          const res = await request(server).get(path);
          for (const [name, value] of API_SECURITY_HEADERS) expect(res.headers[name.toLowerCase()]).toBe(value);
          for (const pageOnly of ['cross-origin-opener-policy', 'x-xss-protection', 'x-dns-prefetch-control']) {
            expect(res.headers[pageOnly]).toBeUndefined();
          }
        }
      }
      // Elsewhere helmet's set (a page may set a stricter policy of its own).
      for (const path of ['/health', '/no-such-page', '/docs']) {
        const res = await request(server).get(path);
        expect(res.headers['content-security-policy']).toBeDefined();
        expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
        expect(res.headers['x-dns-prefetch-control']).toBe('off');
      }
    }
  });

  it('echoes a well-formed X-Request-Id and replaces a malformed one', async () => {
    const [, app] = listeners()[0]!;
    const kept = await request(app.getHttpServer()).get('/health').set('X-Request-Id', 'trace-42.a_b');
    expect(kept.headers['x-request-id']).toBe('trace-42.a_b');
    const replaced = await request(app.getHttpServer()).get('/health').set('X-Request-Id', 'bad id<script>');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('RFC 9112 §3.2.2: serves a request target in absolute-form as its path (the named host is not taken up)', async () => {
    const [, app] = listeners()[0]!;
    const server = app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const get = (target: string) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = http.request({ host: '127.0.0.1', port, path: target }, (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          });
          req.on('error', reject);
          req.end();
        });
      expect((await get('https://elsewhere.example/health')).status).toBe(200);
      const unknown = await get('https://elsewhere.example/no-such-path?x=1');
      expect(unknown.status).toBe(404);
      expect(unknown.body).not.toContain('elsewhere.example');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('serves Swagger UI at /docs and its OpenAPI document at /docs-json', async () => {
    for (const [name, app] of listeners()) {
      const ui = await request(app.getHttpServer()).get('/docs').redirects(1).expect(200);
      expect(ui.headers['content-type']).toContain('text/html');
      expect(ui.text).toContain('swagger-ui');
      const doc = await request(app.getHttpServer()).get('/docs-json').expect(200);
      expect(doc.body.openapi).toMatch(/^3\./);
      const listener = def.listeners(sandbox.config as never).find((l) => l.name === name)!;
      expect(doc.body.info.title).toBe(listener.title);
      expect(Object.keys(doc.body.paths)).toContain('/health');
    }
  });

  it('answers an unknown path with a 404 problem (a listener of pages: its HTML "Page not found")', async () => {
    const [, app] = listeners()[0]!;
    const res = await request(app.getHttpServer()).get('/no/such/path').expect(404);
    if (PAGE_LISTENERS.includes(def.name)) {
      expect([res.headers['content-type'], res.text.includes('Page not found')]).toEqual([
        'text/html; charset=utf-8',
        true,
      ]);
      return;
    }
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404 });
  });

  it('ran its migrations in its own schema', async () => {
    const [, app] = listeners()[0]!;
    const rows: Array<{ schema: string }> = await app.get(DataSource).query('SELECT current_schema() AS schema');
    expect(rows[0]!.schema).toBe(sandbox.config.database.schema);
    const tables: unknown[] = await app
      .get(DataSource)
      .query(`SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'migrations'`, [
        sandbox.config.database.schema,
      ]);
    expect(tables).toHaveLength(1);
  });
});

describe('/health when the database is gone', () => {
  it('answers 503 with the failed check', async () => {
    const sandbox = await startTestApp(SANDBOX_APPS[0]!);
    try {
      const [app] = Object.values(sandbox.apps);
      await app!.get(DataSource).destroy();
      const res = await request(app!.getHttpServer()).get('/health').expect(503);
      expect(res.body).toEqual({ status: 'error', checks: { database: 'down' } });
    } finally {
      await sandbox.close().catch(() => undefined);
    }
  });
});
