import { OAuthError } from '@ofs/oauth';
import type { Request, Response } from 'express';

/** RFC 6749 §3.2 / RFC 9126 §2.1: OAuth endpoints take application/x-www-form-urlencoded bodies (any charset). */
export function requireFormBody(req: Request): void {
  if (!req.is('application/x-www-form-urlencoded')) {
    throw new OAuthError('invalid_request', 'the request body must be application/x-www-form-urlencoded');
  }
}

/** RFC 7591 §3.1 / RFC 7592 §2.2: registration bodies are JSON. */
export function requireJson(req: Request): void {
  if (!req.is('application/json')) throw new OAuthError('invalid_request', 'the request body must be application/json');
}

/** RFC 6749 §5.1: token-bearing responses are never cached. */
export function noStore(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
}

export function methodNotAllowed(allow: string): OAuthError {
  return new OAuthError('invalid_request', `method not allowed, use ${allow}`, {
    status: 405,
    headers: { Allow: allow },
  });
}
