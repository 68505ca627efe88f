import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { OAuthError } from '@ofs/oauth';
import type { Request, Response } from 'express';
import { RefusalRecorder } from '../audit/refusal-recorder.service';
import { BrowserFlowError } from './browser-flow.error';
import { errorPage } from './pages';

/**
 * Browser-facing endpoints answer with the hosted error page, never a redirect to an unverified URI; every refusal
 * is recorded in the audit trail first.
 */
@Catch()
export class BrowserFlowFilter implements ExceptionFilter {
  private readonly logger = new Logger('BrowserFlowFilter');

  constructor(private readonly refusals: RefusalRecorder) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request & { id?: string }>();
    let status = 500;
    let error = 'invalid_request';
    let message = `Internal Server Error (request id ${req.id ?? 'unknown'})`;
    if (exception instanceof BrowserFlowError) {
      status = exception.status;
      message = exception.publicMessage;
    } else if (exception instanceof OAuthError && exception.status < 500) {
      status = exception.status;
      error = exception.error;
      message = exception.description;
    } else if (clientErrorStatus(exception) !== undefined) {
      status = clientErrorStatus(exception)!;
      message = status === 404 ? 'Not found' : 'The request is malformed';
    } else {
      this.logger.error({ err: exception, request_id: req.id }, 'browser flow failed');
    }
    void this.refusals.record(req, { error, description: message, status }).finally(() => {
      if (res.headersSent) return;
      res
        .status(status)
        .setHeader('Cache-Control', 'no-store')
        .type('html')
        .send(errorPage('Authorization server', message));
    });
  }
}

/** Framework and body-parser refusals (404 route, malformed or unsafe body): their 4xx status. */
function clientErrorStatus(e: unknown): number | undefined {
  const status = e instanceof HttpException ? e.getStatus() : (e as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}
