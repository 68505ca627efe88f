import type { Server } from 'node:http';
import { Controller, Get, Logger, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import type { LogLevel } from '../config/platform-env';
import { sandboxLoggerModule } from './logger.module';
import { SandboxLogger } from './sandbox-logger';

/*
 * The apps' logs (README "Logs"; house style: structured logs with a request id, never tokens, codes or secrets):
 * one JSON line per request, named by its X-Request-Id; Nest's own lines in the same shape; a line logged while a
 * request is served names that request.
 */

type Line = Record<string, unknown>;

@Controller()
class ProbeController {
  private readonly logger = new Logger('Probe');

  @Get('ok')
  ok(): { ok: boolean } {
    this.logger.warn({ detail: 'inside the handler' }, 'probe warned');
    this.logger.debug('probe debug');
    return { ok: true };
  }

  @Get('health')
  health(): { status: string } {
    return { status: 'ok' };
  }

  @Get('boom')
  boom(): never {
    throw new Error('probe exploded');
  }
}

interface Listener {
  app: INestApplication;
  lines: Line[];
  text: string[];
}

async function listener(name: string, level: LogLevel = 'info'): Promise<Listener> {
  const lines: Line[] = [];
  const text: string[] = [];
  const destination = {
    write: (chunk: string): void => {
      text.push(chunk);
      lines.push(JSON.parse(chunk) as Line);
    },
  };
  @Module({ imports: [sandboxLoggerModule(name, level, destination)], controllers: [ProbeController] })
  class ProbeModule {}
  const app = await NestFactory.create(ProbeModule, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(SandboxLogger));
  await app.init();
  return { app, lines, text };
}

/** The response's line is written when the server closes the response, which may be just after the client has it. */
async function lineOf(l: Listener, requestId: string, msg?: string): Promise<Line> {
  for (let i = 0; i < 200; i++) {
    const line = l.lines.find((x) => x.request_id === requestId && (msg === undefined || x.msg === msg));
    if (line) return line;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`no line for request ${requestId}:\n${l.text.join('')}`);
}

/** Resolves once the server has closed the next response (the logging's own 'close' listener ran before). */
function nextResponseClosed(app: INestApplication): Promise<void> {
  const server = app.getHttpServer() as Server;
  return new Promise((resolve) => server.once('request', (_req, res) => res.once('close', () => resolve())));
}

describe('request logging', () => {
  let api: Listener;
  let pages: Listener;

  beforeAll(async () => {
    api = await listener('probe/api');
    pages = await listener('probe/pages');
  });
  afterAll(async () => {
    await api?.app.close();
    await pages?.app.close();
  });

  it('logs a request as one line: its request id, method, path, address, status and time; never its query or headers', async () => {
    const res = await request(api.app.getHttpServer())
      .get('/ok?code=SECRET-CODE&state=s')
      .set('X-Request-Id', 'trace-42.a_b')
      .set('Authorization', 'Bearer SECRET-TOKEN')
      .set('Cookie', 'session=SECRET-COOKIE')
      .expect(200);
    expect(res.headers['x-request-id']).toBe('trace-42.a_b');
    expect(await lineOf(api, 'trace-42.a_b', 'request completed')).toEqual({
      level: 30,
      time: expect.any(Number),
      app: 'probe/api',
      request_id: 'trace-42.a_b',
      req: { method: 'GET', path: '/ok', remote_address: expect.stringMatching(/127\.0\.0\.1|::1/) },
      res: { status: 200 },
      responseTime: expect.any(Number),
      msg: 'request completed',
    });
    expect(api.text.join('')).not.toMatch(/SECRET|authorization|cookie/i);
  });

  it('mints a request id when the caller sends none or a malformed one', async () => {
    const minted = await request(api.app.getHttpServer()).get('/ok').set('X-Request-Id', 'bad id<script>').expect(200);
    const id = minted.headers['x-request-id'] as string;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await lineOf(api, id, 'request completed')).toMatchObject({ res: { status: 200 } });
    expect(api.text.join('')).not.toContain('<script>');
  });

  it('a line logged while serving a request names the request and its listener; levels below the setting are dropped', async () => {
    const res = await request(api.app.getHttpServer()).get('/ok').expect(200);
    const id = res.headers['x-request-id'] as string;
    expect(await lineOf(api, id, 'probe warned')).toEqual({
      level: 40,
      time: expect.any(Number),
      app: 'probe/api',
      request_id: id,
      req: { method: 'GET', path: '/ok', remote_address: expect.any(String) },
      context: 'Probe',
      detail: 'inside the handler',
      msg: 'probe warned',
    });
    expect(api.lines.filter((l) => l.msg === 'probe debug')).toEqual([]);
  });

  it('each listener logs under its own name, requests included, whichever listener set the Nest logger last', async () => {
    // The pages listener started last: Nest's (process-wide) logger is its SandboxLogger.
    const res = await request(api.app.getHttpServer()).get('/ok').expect(200);
    const id = res.headers['x-request-id'] as string;
    expect(await lineOf(api, id, 'probe warned')).toMatchObject({ app: 'probe/api' });
    expect(await lineOf(api, id, 'request completed')).toMatchObject({ app: 'probe/api' });
    expect(pages.lines.filter((l) => l.request_id === id)).toEqual([]);
    const other = await request(pages.app.getHttpServer()).get('/ok').expect(200);
    const otherId = other.headers['x-request-id'] as string;
    expect(await lineOf(pages, otherId, 'request completed')).toMatchObject({ app: 'probe/pages' });
  });

  it('logs a 5xx as "request errored", and the exception with its stack, both under the request id', async () => {
    const res = await request(api.app.getHttpServer()).get('/boom').expect(500);
    const id = res.headers['x-request-id'] as string;
    expect(await lineOf(api, id, 'request errored')).toMatchObject({
      level: 30,
      req: { method: 'GET', path: '/boom' },
      res: { status: 500 },
      err: { type: 'Error', message: 'failed with status code 500' },
    });
    const thrown = api.lines.find((l) => l.request_id === id && l.level === 50)!;
    expect(thrown).toMatchObject({ context: 'ExceptionsHandler', err: { message: 'probe exploded' } });
    expect((thrown.err as { stack: string }).stack).toContain('ProbeController.boom');
  });

  it('does not log /health (polled constantly), and still gives it a request id; unknown paths are logged', async () => {
    const closed = nextResponseClosed(api.app);
    const health = await request(api.app.getHttpServer()).get('/health?x=1').expect(200);
    expect(health.headers['x-request-id']).toBeDefined();
    await closed;
    const missing = await request(api.app.getHttpServer()).get('/nowhere').expect(404);
    await lineOf(api, missing.headers['x-request-id'] as string, 'request completed');
    expect(api.lines.filter((l) => l.request_id === health.headers['x-request-id'])).toEqual([]);
  });

  it("writes Nest's own lines in the same shape, with their context", () => {
    const started = api.lines.find((l) => l.msg === 'Nest application successfully started');
    expect(started).toEqual({
      level: 30,
      time: expect.any(Number),
      app: 'probe/api',
      context: 'NestApplication',
      msg: 'Nest application successfully started',
    });
  });

  it('writes nothing below its level: a warn listener logs no request lines', async () => {
    const quiet = await listener('probe/quiet', 'warn');
    try {
      for (const path of ['/ok', '/boom']) {
        const closed = nextResponseClosed(quiet.app);
        await request(quiet.app.getHttpServer()).get(path);
        await closed;
      }
      expect(quiet.lines.map((l) => [l.level, l.msg])).toEqual([
        [40, 'probe warned'],
        [50, 'probe exploded'],
      ]);
    } finally {
      await quiet.app.close();
    }
  });
});
