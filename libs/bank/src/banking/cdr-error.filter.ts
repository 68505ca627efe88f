import { ArgumentsHost, Catch, Logger, type ExceptionFilter } from '@nestjs/common';
import { CdrError } from '@ofs/cdr';
import type { Request, Response } from 'express';

/**
 * The banks' data APIs answer in the CDR error list (with the challenge headers the resource guard adds);
 * anything unexpected is a 500 in the same shape that names only the request id.
 */
@Catch()
export class CdrErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('CdrErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request & { id?: string }>();
    let error: CdrError;
    if (exception instanceof CdrError) error = exception;
    else if (isClientError(exception)) error = new CdrError('invalidField', 'the request is not valid');
    else {
      this.logger.error({ err: exception, request_id: req.id }, 'bank API request failed');
      error = new CdrError('unexpected', `see request ${req.id ?? 'log'}`);
    }
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
    res.setHeader('Cache-Control', 'no-store');
    res.status(error.status).json(error.body());
  }
}

function isClientError(e: unknown): boolean {
  const status =
    (e as { status?: unknown; getStatus?: () => number } | null)?.getStatus?.() ?? (e as { status?: unknown })?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}
