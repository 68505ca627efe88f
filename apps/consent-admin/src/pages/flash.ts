import type { WebSessions } from '@ofs/web';
import type { Request } from 'express';

export interface Flash {
  kind: 'success' | 'info' | 'error';
  text: string;
}

/** Keeps a one-line message for the next page of this session (after a redirect). */
export async function setFlash(sessions: WebSessions, req: Request, flash: Flash): Promise<void> {
  await sessions.update(req, { flash });
}

/** The session's message, once: it is cleared as it is read. */
export async function takeFlash(sessions: WebSessions, req: Request): Promise<Flash | undefined> {
  const session = await sessions.current(req);
  const flash = session?.data.flash as Flash | undefined;
  if (flash) await sessions.update(req, { flash: undefined });
  return flash;
}
