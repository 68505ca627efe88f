import { ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { OAuthErrorFilter, toOAuthError } from '@ofs/oauth';
import type { Request } from 'express';
import { RefusalRecorder } from './refusal-recorder.service';

/**
 * The OAuth endpoints' error family (`OAuthErrorFilter`: RFC 6749 §5.2 bodies) with every refusal recorded in the
 * audit trail first, so that an answered refusal is always findable.
 */
@Catch()
export class AuditedOAuthErrorFilter implements ExceptionFilter {
  private readonly oauth = new OAuthErrorFilter();

  constructor(private readonly refusals: RefusalRecorder) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request & { id?: string }>();
    const error = toOAuthError(exception, req.id);
    void this.refusals
      .record(req, { error: error.error, description: error.description, status: error.status })
      .finally(() => this.oauth.catch(exception, host));
  }
}
