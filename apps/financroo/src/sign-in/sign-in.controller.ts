import { Controller, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { WebSessions } from '@ofs/web';
import type { Request, Response } from 'express';
import { sendFinancrooPage } from '../http/financroo-layout';
import { PasswordAuthGuard } from './password-auth.guard';
import type { FinancrooUser } from './password.strategy';
import { SESSION_USER } from './signed-in.guard';
import { signInPage } from './sign-in.page';

/** Sign in (passport local strategy → a new server-side session) and sign out. */
@ApiExcludeController()
@Controller()
export class SignInController {
  constructor(private readonly sessions: WebSessions) {}

  /** An anonymous session carries the sign-in form's CSRF token (login CSRF). */
  @Get('login')
  async show(@Req() req: Request, @Res() res: Response): Promise<void> {
    const current = await this.sessions.current(req);
    if (typeof current?.data[SESSION_USER] === 'string') return res.redirect(303, '/');
    // Anyone can open this page: its session lives 10 minutes (a signed-in one, 8 hours).
    const session = current ?? (await this.sessions.start(req, res, {}, { ttlSeconds: 600 }));
    sendFinancrooPage(res, 200, signInPage({ csrfToken: session.csrfToken }));
  }

  @Post('login')
  @UseGuards(PasswordAuthGuard)
  async signIn(@Req() req: Request & { user?: FinancrooUser | null }, @Res() res: Response): Promise<void> {
    const anonymous = await this.sessions.verifyCsrf(req);
    if (!req.user) {
      const username = typeof req.body?.username === 'string' ? (req.body.username as string) : '';
      return sendFinancrooPage(
        res,
        401,
        signInPage({ csrfToken: anonymous.csrfToken, error: 'Invalid login or password', username }),
      );
    }
    // A new session (and cookie) at sign-in, against session fixation.
    await this.sessions.start(req, res, { [SESSION_USER]: req.user.id });
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, '/');
  }

  @Post('logout')
  async signOut(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.sessions.verifyCsrf(req);
    await this.sessions.end(req, res);
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, '/login');
  }
}
