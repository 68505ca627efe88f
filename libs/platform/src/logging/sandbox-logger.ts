import { AsyncLocalStorage } from 'node:async_hooks';
import { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/platform-env';

/** How a request appears in the logs: never its headers or query string (codes, states, tokens). */
export interface RequestSummary {
  method: string | undefined;
  path: string;
  remote_address: string | undefined;
}

/** The request being served, for every line logged while serving it. */
export interface RequestContext {
  /** The listener that serves it. */
  logger: Logger;
  /** Its request id (X-Request-Id). */
  id: string;
  req: RequestSummary;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

/** Path only: query strings carry codes, states and tokens, which never reach the logs. */
export function pathOf(url: string | undefined): string {
  if (url === undefined) return '';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

export function summaryOf(req: IncomingMessage): RequestSummary {
  return {
    method: req.method,
    path: pathOf((req as { originalUrl?: string }).originalUrl ?? req.url),
    remote_address: req.socket?.remoteAddress,
  };
}

const ROOT_OPTIONS: pino.LoggerOptions = {
  // No pid or hostname: the listener's name (a child binding) says where a line comes from.
  base: null,
  serializers: {
    // Whoever logs a raw request or response gets the same few fields as the request lines.
    req: (req: unknown) => (req instanceof IncomingMessage ? summaryOf(req) : req),
    res: (res: unknown) => (res instanceof ServerResponse ? { status: res.statusCode } : res),
  },
  redact: { paths: ['req.headers', 'res.headers'], remove: true },
};

let stdoutRoot: Logger | undefined;

/** One listener's pino logger: JSON lines on stdout (or `destination`), each naming the listener as `app`. */
export function listenerLogger(app: string, level: LogLevel, destination?: DestinationStream): Logger {
  const root = destination ? pino(ROOT_OPTIONS, destination) : (stdoutRoot ??= pino(ROOT_OPTIONS));
  return root.child({ app }, { level });
}

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** Nest's own exception handlers call `error(message, stack)`, the stack as a string. */
const STACK = /\n\s*at /;

/**
 * Nest's logger (bootstrap, route mapping, errors, every `new Logger(context)`) as pino JSON lines: `log` is info,
 * `verbose` trace; the last extra argument is the `context`; an object message gives the line its fields (an Error
 * becomes `err`). A line logged while a request is served names it (`request_id`, `req`) and its listener.
 */
export class SandboxLogger implements LoggerService {
  constructor(readonly pino: Logger) {}

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    const request = requestContext.getStore();
    const logger = request?.logger ?? this.pino;
    if (!logger.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = request ? { request_id: request.id, req: request.req } : {};
    let args = params;
    if (params.length > 0) {
      fields.context = params[params.length - 1];
      args = params.slice(0, -1);
    }
    if (typeof message === 'object' && message !== null) {
      if (message instanceof Error) fields.err = message;
      else Object.assign(fields, message);
      logger[level](fields, ...(args as [string?]));
    } else if (level === 'error' && typeof message === 'string' && isStack(args)) {
      const err = new Error(message);
      err.stack = args[0];
      fields.err = err;
      logger[level](fields);
    } else {
      logger[level](fields, message as string, ...args);
    }
  }
}

function isStack(args: unknown[]): args is [string] {
  return args.length === 1 && typeof args[0] === 'string' && STACK.test(args[0]);
}
