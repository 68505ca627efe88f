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

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return decodeURIComponent(part.slice(index + 1).trim());
  }
  return undefined;
}
