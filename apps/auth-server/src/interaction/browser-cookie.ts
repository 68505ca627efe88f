import { readCookie as readWebCookie } from '@ofs/web';
import type { Request, Response } from 'express';

/** One cookie per interaction, scoped to its server's path, unreadable by scripts, not sent cross-site on POST. */
export function interactionCookieName(interactionId: string): string {
  return `ofs_i_${interactionId.replace(/-/g, '')}`;
}

export function setInteractionCookie(
  res: Response,
  path: string,
  interactionId: string,
  secret: string,
  maxAgeSec: number,
): void {
  res.cookie(interactionCookieName(interactionId), secret, {
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
    path,
    maxAge: maxAgeSec * 1000,
  });
}

/** RFC 6265: one cookie's value; bad percent-encoding or two different values count as no cookie. */
export const readCookie = (req: Request, name: string): string | undefined => readWebCookie(req, name);
