import type { NextFunction, Request, Response } from 'express';

/**
 * RFC 9112 §3.2.2: a server accepts a request target in absolute-form (`GET https://host/path`); it is served as
 * its origin form (`/path?query`), so that what the apps build from the target (CDR links, the DPoP `htu` they
 * compare, form actions) starts from their own public URL and this path, never from the host a caller named.
 */
export function originForm(req: Request, _res: Response, next: NextFunction): void {
  if (!req.url.startsWith('/')) {
    try {
      const target = new URL(req.url);
      req.url = `${target.pathname}${target.search}`;
      req.originalUrl = req.url;
    } catch {
      // asterisk-form (OPTIONS *) and the like: no route has it, so it ends in a 404
    }
  }
  next();
}
