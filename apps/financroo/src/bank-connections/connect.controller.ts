import { Controller, Get, Inject, Logger, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PageError, WebSessions } from '@ofs/web';
import type { Request, Response } from 'express';
import { FINANCROO_SETTINGS, type FinancrooSettings } from '../config/financroo.config';
import { sendFinancrooPage } from '../http/financroo-layout';
import { BankRegistrar } from '../registration/bank-registrar.service';
import { SignedInGuard, userOf } from '../sign-in/signed-in.guard';
import { BankConnections, type PendingAuthorization } from './bank-connections.service';
import { ConnectError } from './connect.error';
import { connectErrorPage, connectPage, type BankChoice } from './connect.page';

const PENDING = 'pendingAuthorization';

/** Connecting a bank: the dialog, the push to the bank, its callback, and disconnecting. */
@ApiExcludeController()
@Controller()
@UseGuards(SignedInGuard)
export class ConnectController {
  private readonly logger = new Logger('ConnectController');

  constructor(
    private readonly sessions: WebSessions,
    private readonly connections: BankConnections,
    private readonly registrar: BankRegistrar,
    @Inject(FINANCROO_SETTINGS) private readonly settings: FinancrooSettings,
  ) {}

  @Get('connect')
  async dialog(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = (await this.sessions.current(req))!;
    const userId = await userOf(this.sessions, req);
    const connected = new Map((await this.connections.list(userId)).map((c) => [c.bankId, c]));
    const banks: BankChoice[] = this.settings.banks.map((bank) => {
      const status = this.registrar.status(bank.id);
      const connection = connected.get(bank.id);
      const unavailable =
        connection?.status === 'active'
          ? 'Already connected'
          : status.state === 'unavailable'
            ? `Unavailable right now: ${status.reason}`
            : undefined;
      return { id: bank.id, name: bank.name, unavailable };
    });
    const selected = typeof req.query.bank === 'string' ? req.query.bank : undefined;
    sendFinancrooPage(
      res,
      200,
      connectPage({ user: { id: userId, csrfToken: session.csrfToken }, banks, selected }),
      this.bankOrigins(),
    );
  }

  /** RFC 9126: push the signed request, keep state/nonce/verifier in the server-side session, go to the bank. */
  @Post('connect')
  async connect(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.sessions.verifyCsrf(req);
    const bankId = typeof req.body?.bank === 'string' ? (req.body.bank as string) : '';
    if (!this.settings.banks.some((b) => b.id === bankId))
      throw new PageError(400, 'Choose a bank', 'Pick one of the banks to connect, then choose "Allow access".');
    const started = await this.guard(res, () => this.connections.start(bankId));
    if (!started) return;
    const { url, pending } = started;
    await this.sessions.update(req, { [PENDING]: pending });
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, url.href);
  }

  /** The bank's redirect back (JARM `response`). */
  @Get('callback')
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = (await this.sessions.current(req))!;
    const pending = session.data[PENDING] as PendingAuthorization | undefined;
    if (!pending)
      throw new PageError(
        400,
        'No connection in progress',
        'There is no bank connection waiting for this answer. Start again from "Connect your bank".',
      );
    // One answer per request: whatever happens next, the pending state is used up.
    await this.sessions.update(req, { [PENDING]: undefined });
    const userId = await userOf(this.sessions, req);
    const callbackUrl = new URL(req.originalUrl, this.settings.publicBase);
    if (!(await this.guard(res, () => this.connections.complete(userId, pending, callbackUrl)))) return;
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, `/?connected=${encodeURIComponent(pending.bankId)}`);
  }

  /** RFC 7009 at the bank, then the connection is forgotten. */
  @Post('banks/:bankId/disconnect')
  async disconnect(@Param('bankId') bankId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.sessions.verifyCsrf(req);
    const userId = await userOf(this.sessions, req);
    if (!(await this.guard(res, () => this.connections.disconnect(userId, bankId).then(() => true)))) return;
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, '/');
  }

  private bankOrigins(): string[] {
    return [...new Set(this.settings.banks.map((b) => new URL(b.issuer).origin))];
  }

  /** A ConnectError becomes a page with its reason (never a blank page or a stack trace); undefined then. */
  private async guard<T>(res: Response, run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await run();
    } catch (e) {
      if (!(e instanceof ConnectError)) throw e;
      this.logger.warn({ kind: e.kind, bank: e.bankName, detail: e.detail }, 'bank connection failed');
      sendFinancrooPage(res, e.kind === 'rejected' ? 400 : 502, connectErrorPage(e));
      return undefined;
    }
  }
}
