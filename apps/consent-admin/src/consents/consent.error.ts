import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { PROBLEM_CONTENT_TYPE, type Problem } from '@ofs/platform';
import type { Response } from 'express';

export type ConsentErrorCode = 'consent_not_found' | 'consent_not_revocable' | 'invalid_cursor';

const STATUS: Record<ConsentErrorCode, { status: number; title: string }> = {
  consent_not_found: { status: 404, title: 'Not Found' },
  consent_not_revocable: { status: 409, title: 'Conflict' },
  invalid_cursor: { status: 400, title: 'Bad Request' },
};

/** A refused consent-storage request; the filter below answers it as an RFC 9457 problem. */
export class ConsentError extends Error {
  constructor(
    readonly code: ConsentErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'ConsentError';
  }
}

@Catch(ConsentError)
export class ConsentErrorFilter implements ExceptionFilter {
  catch(error: ConsentError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, title } = STATUS[error.code];
    const problem: Problem & { error: ConsentErrorCode } = {
      type: 'about:blank',
      title,
      status,
      detail: error.detail,
      error: error.code,
    };
    res.status(status).type(PROBLEM_CONTENT_TYPE).json(problem);
  }
}
