import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { OAuthError } from './oauth.error';

/**
 * The error family of OAuth endpoints (RFC 6749 §5.2): `{error, error_description}` as JSON, with
 * `Cache-Control: no-store`. Anything that is not an OAuthError becomes `invalid_request` (malformed input
 * caught by the framework) or `server_error` (a 500 that says nothing internal but the request id).
 */
@Catch()
export class OAuthErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('OAuthErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const error = toOAuthError(exception, req.id);
    if (error.status >= 500) this.logger.error({ err: exception, request_id: req.id }, 'OAuth endpoint failed');
    else if (error.detail) this.logger.debug({ request_id: req.id, error: error.error, detail: error.detail });
    if (res.headersSent) return;
    res.status(error.status);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
    res.json(error.toJSON());
  }
}

export function toOAuthError(exception: unknown, requestId?: string): OAuthError {
  if (exception instanceof OAuthError) return exception;
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 404) return new OAuthError('invalid_request', 'Not found', { status: 404 });
    if (status === 405) return new OAuthError('invalid_request', 'Method not allowed', { status: 405 });
    if (status === 413) return new OAuthError('invalid_request', 'Request too large', { status: 413 });
    if (status < 500) return new OAuthError('invalid_request', 'The request is malformed');
  }
  const parserStatus = (exception as { status?: unknown; type?: unknown } | null)?.status;
  if (typeof parserStatus === 'number' && parserStatus >= 400 && parserStatus < 500) {
    // body-parser's and the platform's input errors say what is wrong and are meant to be shown (`expose`).
    const { expose, message } = exception as { expose?: unknown; message?: unknown };
    const description = expose === true && typeof message === 'string' ? message : 'The request body is malformed';
    return new OAuthError('invalid_request', description);
  }
  return new OAuthError('server_error', `Internal error (request id ${requestId ?? 'unknown'})`);
}
