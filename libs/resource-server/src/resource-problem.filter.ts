import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { OAuthError } from '@ofs/oauth';
import { PROBLEM_CONTENT_TYPE, type Problem } from '@ofs/platform';
import type { Request, Response } from 'express';

const TITLES: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 503: 'Service Unavailable' };

/**
 * A protected resource's token failures in the APIs' one error shape (RFC 9457), with the RFC 6750 / RFC 9449
 * challenge header and the OAuth `error` code as an extension member. Other errors fall to the ProblemFilter.
 */
@Catch(OAuthError)
export class ResourceProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ResourceProblemFilter');

  catch(error: OAuthError, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const problem: Problem & { error: string } = {
      type: 'about:blank',
      title: TITLES[error.status] ?? 'Error',
      status: error.status,
      detail: error.description,
      error: error.error,
    };
    if (error.status >= 500) {
      problem.correlation_id = req.id;
      this.logger.warn({ request_id: req.id, detail: error.detail }, error.description);
    } else if (error.detail) this.logger.debug({ request_id: req.id, error: error.error, detail: error.detail });
    if (res.headersSent) return;
    res.status(error.status);
    res.setHeader('Cache-Control', 'no-store');
    for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
    res.type(PROBLEM_CONTENT_TYPE).json(problem);
  }
}
