import { ArgumentsHost, Catch, Logger, type ExceptionFilter } from '@nestjs/common';
import { OAuthError, OAuthErrorFilter } from '@ofs/oauth';
import { PROBLEM_CONTENT_TYPE, toProblem, type Problem } from '@ofs/platform';
import type { Request, Response } from 'express';
import { RefusalRecorder } from '../audit/refusal-recorder.service';
import { IdentityPoolError } from './identity-pool.error';

/**
 * The pools API answers RFC 9457 problems (404/409/412/422/428, and 400 for malformed input), except where
 * RFC 6750 / RFC 9449 speak: a missing, invalid or under-scoped access token gets the OAuth error with its
 * `WWW-Authenticate` challenge, as every other protected resource of the server.
 */
@Catch()
export class IdentityPoolProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('IdentityPoolProblemFilter');
  private readonly oauth = new OAuthErrorFilter();

  constructor(private readonly refusals: RefusalRecorder) {}

  /** Every refusal is recorded in the audit trail before it is answered. */
  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request & { id?: string }>();
    if (exception instanceof OAuthError && (exception.status === 401 || exception.status === 403)) {
      const refusal = { error: exception.error, description: exception.description, status: exception.status };
      void this.refusals.record(req, refusal).finally(() => this.oauth.catch(exception, host));
      return;
    }
    const res = host.switchToHttp().getResponse<Response>();
    let problem: Problem & Record<string, unknown>;
    if (exception instanceof IdentityPoolError) {
      problem = {
        type: exception.type,
        title: exception.title,
        status: exception.status,
        detail: exception.detail,
        ...exception.extensions,
      };
    } else if (exception instanceof OAuthError && exception.status < 500) {
      // A malformed token request header or the like: a client error, said as a problem.
      const title = exception.status === 404 ? 'Not Found' : 'Bad Request';
      problem = { type: 'about:blank', title, status: exception.status, detail: exception.description };
    } else {
      problem = { ...toProblem(exception) };
    }
    if (problem.status >= 500) {
      problem.correlation_id = req.id;
      this.logger.error({ err: exception, request_id: req.id }, 'request failed');
    }
    const error = exception instanceof IdentityPoolError ? exception.code : 'invalid_request';
    const refusal = { error, description: String(problem.detail ?? problem.title), status: problem.status };
    void this.refusals.record(req, refusal).finally(() => {
      if (res.headersSent) return;
      res.setHeader('Cache-Control', 'no-store');
      res.status(problem.status).type(PROBLEM_CONTENT_TYPE).json(problem);
    });
  }
}
