import { Controller, Get, Header, Inject, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { WebSessions } from '@ofs/web';
import type { Request, Response } from 'express';
import { FINANCROO_SETTINGS, type FinancrooSettings } from '../config/financroo.config';
import { FINANCROO_CSS } from '../http/financroo-brand';
import { sendFinancrooPage } from '../http/financroo-layout';
import { SignedInGuard, userOf } from '../sign-in/signed-in.guard';
import { BankData, totals } from './bank-data.service';
import { dashboardPage, welcomePage } from './dashboard.page';

/** The start page: the welcome without banks, else the accounts of every connected bank. */
@ApiExcludeController()
@Controller()
export class DashboardController {
  constructor(
    private readonly sessions: WebSessions,
    private readonly data: BankData,
    @Inject(FINANCROO_SETTINGS) private readonly settings: FinancrooSettings,
  ) {}

  @Get()
  @UseGuards(SignedInGuard)
  async home(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = (await this.sessions.current(req))!;
    const user = { id: await userOf(this.sessions, req), csrfToken: session.csrfToken };
    const cards = await this.data.cards(user.id);
    if (!cards.length) return sendFinancrooPage(res, 200, welcomePage(user));
    const connected = typeof req.query.connected === 'string' ? req.query.connected : undefined;
    // The reconnect form posts to /connect, which redirects to the bank (form-action covers redirects).
    const origins = [...new Set(this.settings.banks.map((b) => new URL(b.issuer).origin))];
    sendFinancrooPage(res, 200, dashboardPage({ user, cards, totals: totals(cards), connected }), origins);
  }

  @Get('financroo.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  stylesheet(): string {
    return FINANCROO_CSS;
  }
}
