import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { WebSessions } from '@ofs/web';
import type { Request, Response } from 'express';

export const SESSION_USER = 'user';

/** Pages for signed-in users: without a session the browser goes to the sign-in page. */
@Injectable()
export class SignedInGuard implements CanActivate {
  constructor(private readonly sessions: WebSessions) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const session = await this.sessions.current(req);
    if (typeof session?.data[SESSION_USER] === 'string') return true;
    const res = context.switchToHttp().getResponse<Response>();
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, '/login');
    return false;
  }
}

/** The signed-in user's id (after SignedInGuard). */
export async function userOf(sessions: WebSessions, req: Request): Promise<string> {
  const session = await sessions.current(req);
  return session!.data[SESSION_USER] as string;
}
