import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { IdentityPoolError } from './identity-pool.error';

/**
 * RFC 9110 §15.5.16: the pools API reads JSON bodies only. Any other media type (a form, or
 * application/merge-patch+json, which the JSON parser leaves unread) is a 415 — never an empty change that succeeds.
 */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (req.is('application/json') !== 'application/json')
      throw new IdentityPoolError('unsupported_media_type', 'send the body as application/json');
    return true;
  }
}
