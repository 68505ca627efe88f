import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { requestContext, summaryOf, type RequestContext } from './sandbox-logger';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Not logged: polled by `npm start`, Docker and load balancers. */
const UNLOGGED_PATH = '/health';

/** Takes a caller's X-Request-Id when it is well-formed, else mints one; echoes it on the response. */
export function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

type WithId = IncomingMessage & { id?: string };

/**
 * Gives every request its id (`req.id`, echoed as X-Request-Id), serves it inside its {@link RequestContext} (so
 * what is logged meanwhile names it), and logs one line when its response is done:
 * `{app, request_id, req: {method, path, remote_address}, res: {status}, responseTime, msg: "request completed"}`
 * — "request aborted" when the client left first, "request errored" with `err` for a 5xx or a response error.
 * Nothing per request beyond that: no child logger, and the request is summarised once.
 */
export function requestLogging(logger: Logger) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const id = ((req as WithId).id ||= requestIdOf(req, res));
    const context: RequestContext = { logger, id, req: summaryOf(req) };
    const started = Date.now();
    const done = (err?: Error): void => {
      res.removeListener('close', done);
      res.removeListener('error', done);
      if (logger.isLevelEnabled('info')) logCompletion(context, req, res, Date.now() - started, err);
    };
    if (context.req.path !== UNLOGGED_PATH) res.on('close', done);
    // Always listened to: an error event without a listener (a write after the end) would crash the process.
    res.on('error', done);
    requestContext.run(context, next);
  };
}

function logCompletion(
  { logger, id, req }: RequestContext,
  rawReq: IncomingMessage,
  res: ServerResponse,
  responseTime: number,
  error: Error | undefined,
): void {
  const status = res.statusCode;
  if (error !== undefined || status >= 500) {
    const err = error ?? new Error(`failed with status code ${status}`);
    logger.info({ request_id: id, req, res: { status }, err, responseTime }, 'request errored');
    return;
  }
  const completed = !rawReq.readableAborted && res.writableEnded;
  logger.info(
    { request_id: id, req, res: { status }, responseTime },
    completed ? 'request completed' : 'request aborted',
  );
}
