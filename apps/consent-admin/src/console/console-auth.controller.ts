import { Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { BRAND, PageError, renderPage, sendPage, WebSessions, type Brand } from '@ofs/web';
import type { Request, Response } from 'express';
import { SIGN_IN_SECONDS, type PendingSignIn } from '../sign-in/oidc-sign-in';
import { ConsoleSignIn } from './console-sign-in';
import { signInPage } from './pages/sign-in.page';

/**
 * Staff sign-in and sign-out. The session starts anonymous (holding state, nonce and PKCE verifier) before the
 * redirect, and a new session replaces it once the ID token is validated (no session fixation).
 */
@ApiExcludeController()
@Controller()
export class ConsoleAuthController {
  constructor(
    private readonly sessions: WebSessions,
    private readonly signIn: ConsoleSignIn,
    @Inject(BRAND) private readonly brand: Brand,
  ) {}

  @Get()
  root(@Res() res: Response): void {
    res.redirect(303, '/consents');
  }

  @Get('sign-in')
  async page(@Req() req: Request, @Res() res: Response, @Query('signed_out') signedOut?: string): Promise<void> {
    const session = await this.sessions.current(req);
    if (session?.data.staff) return res.redirect(303, '/consents');
    const main = signInPage(signedOut !== undefined);
    sendPage(res, 200, renderPage({ brand: this.brand, title: 'Sign in', main, width: 'narrow' }));
  }

  @Get('auth/login')
  async login(@Req() req: Request, @Res() res: Response): Promise<void> {
    // A link from anywhere must not end a signed-in session (it would start a new one).
    if ((await this.sessions.current(req))?.data.staff) return res.redirect(303, '/consents');
    const { url, pending } = await this.signIn.start();
    await this.sessions.start(req, res, { signIn: pending }, { ttlSeconds: SIGN_IN_SECONDS });
    res.redirect(303, url.href);
  }

  @Get('auth/callback')
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = await this.sessions.current(req);
    const pending = session?.data.signIn as PendingSignIn | undefined;
    if (!pending) {
      throw new PageError(
        400,
        'Sign-in expired',
        'This sign-in is no longer valid. Please sign in again.',
        'no pending sign-in',
      );
    }
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    const person = await this.signIn.finish(query, pending);
    await this.sessions.start(req, res, { staff: { sub: person.sub, name: person.name } });
    res.redirect(303, '/consents');
  }

  @Post('auth/sign-out')
  @HttpCode(303)
  async signOut(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.sessions.verifyCsrf(req);
    await this.sessions.end(req, res);
    res.redirect(303, '/sign-in?signed_out');
  }
}
