import { ArgumentsHost, Catch, HttpException, Inject, Logger, type ExceptionFilter } from '@nestjs/common';
import { isUnderPathPrefix, PROBLEM_CONTENT_TYPE, ProblemFilter } from '@ofs/platform';
import type { Request, Response } from 'express';
import { BRAND, type Brand } from './brand';
import { html } from './html';
import { renderPage, sendPage } from './layout';
import { PageError } from './page.error';

const TITLES: Record<number, [string, string]> = {
  400: ['Invalid request', 'The request could not be understood. Go back and try again.'],
  401: ['Please sign in', 'You need to sign in to see this page.'],
  403: ['Not allowed', 'You are not allowed to do this.'],
  404: ['Page not found', 'There is nothing at this address.'],
  405: ['Not allowed', 'This address does not accept that request.'],
  413: ['Too large', 'The form you sent is too large.'],
};

export const API_PREFIXES = Symbol('API_PREFIXES');

/**
 * The error page of a listener that serves pages: a clear title and message, never a stack trace; a 5xx shows
 * the request id, which is in the log line recording the failure. Paths of the listener's APIs (and Swagger)
 * keep the JSON problem shape.
 */
@Catch()
export class HtmlErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HtmlErrorFilter');
  private readonly problems = new ProblemFilter();

  constructor(
    @Inject(BRAND) private readonly brand: Brand,
    @Inject(API_PREFIXES) private readonly apiPrefixes: readonly string[],
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request & { id?: string }>();
    // Without regard to case, as the routes are matched: `/API/…` reaches the API and answers as it does.
    if (isUnderPathPrefix(req.path, this.apiPrefixes)) {
      if (!(exception instanceof PageError)) return this.problems.catch(exception, host);
      const { status, title, publicMessage: detail } = exception;
      res.status(status).type(PROBLEM_CONTENT_TYPE).json({ type: 'about:blank', title, status, detail });
      return;
    }
    let status: number;
    let title: string;
    let message: string;
    if (exception instanceof PageError) {
      ({ status, title } = exception);
      message = exception.publicMessage;
      if (exception.detail) this.logger.warn({ request_id: req.id, detail: exception.detail }, title);
    } else {
      status = exception instanceof HttpException ? exception.getStatus() : (bodyParserStatus(exception) ?? 500);
      [title, message] = TITLES[status] ?? (status < 500 ? TITLES[400]! : ['Something went wrong', '']);
    }
    if (status >= 500) {
      this.logger.error({ err: exception, request_id: req.id }, 'page failed');
      title = 'Something went wrong';
      message = 'The page could not be shown. Please try again in a moment.';
    }
    if (res.headersSent) return;
    const main = html`<div class="card" role="alert">
      <h1>${title}</h1>
      <p>${message}</p>
      ${status >= 500 && req.id ? html`<p class="muted">Reference: <code>${String(req.id)}</code></p>` : ''}
      <p><a href="/">Back to the start</a></p>
    </div>`;
    sendPage(res, status, renderPage({ brand: this.brand, title, main, width: 'narrow' }));
  }
}

/** body-parser's errors (malformed or oversized bodies) carry a 4xx status and a type. */
function bodyParserStatus(e: unknown): number | undefined {
  const { status, type } = (e ?? {}) as { status?: unknown; type?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && typeof type === 'string' ? status : undefined;
}
