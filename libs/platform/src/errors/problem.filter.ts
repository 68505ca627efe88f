import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, type Problem } from './problem';

/**
 * The catch-all filter of every app: answers RFC 9457 problems. 5xx bodies say nothing internal; they carry
 * the request id, which is in the log line that records the failure.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const problem = toProblem(exception);
    if (problem.status >= 500) {
      problem.correlation_id = req.id;
      this.logger.error({ err: exception, request_id: req.id }, 'request failed');
    }
    if (res.headersSent) return;
    res.status(problem.status).type(PROBLEM_CONTENT_TYPE).json(problem);
  }
}

export function toProblem(exception: unknown): Problem {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const title = HTTP_TITLES[status] ?? 'Error';
    const problem: Problem = { type: 'about:blank', title, status };
    if (typeof body === 'string') problem.detail = body;
    else if (body && typeof body === 'object') {
      const message = (body as { message?: unknown }).message;
      if (Array.isArray(message)) {
        problem.detail = 'The request is not valid.';
        problem.errors = message.map(String);
      } else if (typeof message === 'string' && message !== title) problem.detail = message;
    }
    if (status >= 500) delete problem.detail;
    return problem;
  }
  if (isBodyParserError(exception)) {
    return { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'The request body is not valid.' };
  }
  return { type: 'about:blank', title: 'Internal Server Error', status: HttpStatus.INTERNAL_SERVER_ERROR };
}

function isBodyParserError(e: unknown): boolean {
  const status = (e as { status?: unknown; type?: unknown } | null)?.status;
  return (
    typeof status === 'number' && status >= 400 && status < 500 && typeof (e as { type?: unknown }).type === 'string'
  );
}

const HTTP_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
