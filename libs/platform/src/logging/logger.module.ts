import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { DynamicModule } from '@nestjs/common';
import type { LogLevel } from '../config/platform-env';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Takes a caller's X-Request-Id when it is well-formed, else mints one; echoes it on the response. */
export function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** Path only: query strings carry codes, states and tokens, which never reach the logs. */
function pathOf(url: string | undefined): string {
  return (url ?? '').split('?')[0] ?? '';
}

/** JSON logs (pino) with a request id on every line; secrets and credentials are redacted. */
export function sandboxLoggerModule(app: string, level: LogLevel): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      base: { app },
      genReqId: requestIdOf,
      customAttributeKeys: { reqId: 'request_id' },
      autoLogging: { ignore: (req) => pathOf(req.url) === '/health' },
      serializers: {
        req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
          method: req.method,
          path: pathOf(req.url),
          remote_address: req.remoteAddress,
        }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
      redact: { paths: ['req.headers', 'res.headers'], remove: true },
    },
  });
}
