import {
  BadRequestException,
  Injectable,
  type CanActivate,
  type ExecutionContext,
  type INestApplication,
} from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { json, urlencoded } from 'express';
import { checkJsonText, checkUrlEncoded, UnsafeInputError } from './input-safety';

const BODY_ERROR = Symbol('bodyError');
type WithBodyError = Request & { [BODY_ERROR]?: unknown };

/**
 * JSON and form bodies, small and flat (no nested `a[b]=c`: a repeated parameter arrives as an array, which
 * OAuth endpoints refuse, RFC 6749 §3.1). A body that cannot be read is not answered here: the error waits on
 * the request for the route's own error family (OAuth error, problem, error page) to answer it (see
 * RequestInputGuard); unknown routes still answer 404.
 */
export function installBodyParsers(app: INestApplication): void {
  const express = app as NestExpressApplication;
  const parsers = [
    json({ limit: '256kb', verify: (_req, _res, raw) => checkJsonText(raw) }),
    urlencoded({
      extended: false,
      limit: '64kb',
      parameterLimit: 200,
      verify: (_req, _res, raw) => checkUrlEncoded(raw.toString('latin1'), 'form body'),
    }),
  ];
  for (const parser of parsers) {
    express.use((req: Request, res: Response, next: NextFunction) =>
      parser(req, res, (error?: unknown) => {
        if (error) {
          (req as WithBodyError)[BODY_ERROR] = error;
          req.body = undefined;
        }
        next();
      }),
    );
  }
}

/** Raises a deferred body error, or a NUL in the URL, inside the route (so its error filter answers). */
@Injectable()
export class RequestInputGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<WithBodyError>();
    const error = req[BODY_ERROR];
    if (error !== undefined) throw error instanceof UnsafeInputError ? error : asClientError(error);
    checkUrlEncoded(req.originalUrl, 'URL');
    return true;
  }
}

/** body-parser's own errors (malformed JSON, too large, bad charset) keep their 4xx status and type. */
function asClientError(error: unknown): unknown {
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' && status < 500 ? error : new BadRequestException('The request body is not valid');
}
