import { Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { ConsentDto } from '@ofs/consent-store';
import { BRAND, PageError, renderPage, sendPage, WebSessions, type Brand, type SafeHtml } from '@ofs/web';
import type { Request, Response } from 'express';
import { BankConsentsError } from '../bank-consents/bank-consent-source';
import { ConsentDirectory } from '../bank-consents/consent-directory.service';
import { bankName, isBankId, type BankId } from '../config/consent-admin.config';
import { setFlash, takeFlash } from '../pages/flash';
import { isPathId, statusField, textField } from '../pages/search-input';
import { confirmRevokeAllPage } from './pages/confirm-revoke-all.page';
import { confirmRevokePage } from './pages/confirm-revoke.page';
import { consentDetailPage } from './pages/consent-detail.page';
import { ConsentTimelineClient } from '../consent-timeline/consent-timeline.client';
import { consentListPage, type ConsentSearchForm } from './pages/consent-list.page';
import { consentLink, staffNav, type Staff } from './pages/console-layout';

const PAGE_SIZE = 50;

/**
 * The consent console: staff search the consents of both banks, read one, revoke it, or revoke every consent of a
 * TPP. Every page needs a staff session (else a redirect to sign in); every change needs the session's CSRF token.
 */
@ApiExcludeController()
@Controller()
export class ConsoleController {
  constructor(
    private readonly sessions: WebSessions,
    private readonly consents: ConsentDirectory,
    @Inject(BRAND) private readonly brand: Brand,
    private readonly timelines: ConsentTimelineClient,
  ) {}

  @Get('consents')
  async list(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const staff = await this.staff(req, res);
    if (!staff) return;
    const account = textField(query.account_id, 'account');
    const client = textField(query.client_id, 'client');
    const customer = textField(query.customer, 'text');
    const form: ConsentSearchForm = {
      bank: isBankId(query.bank) ? query.bank : undefined,
      accountId: account.value,
      clientId: client.value,
      customer: customer.value,
      status: statusField(query.status),
      errors: [account.error, client.error, customer.error].filter((e): e is string => e !== undefined),
    };
    const cursor = typeof query.cursor === 'string' && form.bank ? query.cursor : undefined;
    let found;
    try {
      found = form.errors.length
        ? { consents: [], more: false, nextCursor: null, failures: [] }
        : await this.consents.search(
            form.bank ? [form.bank] : [],
            { accountId: form.accountId, clientId: form.clientId, subject: form.customer, status: form.status },
            PAGE_SIZE,
            cursor,
          );
    } catch (e) {
      if (e instanceof BankConsentsError && e.kind === 'bad_cursor') {
        throw new PageError(400, 'Page not found', 'This page of results is no longer valid. Search again.', e.message);
      }
      throw e;
    }
    const main = consentListPage({
      form,
      consents: found.consents,
      more: found.more,
      nextCursor: found.nextCursor,
      unreachable: found.failures.map((f) => f.bank),
      flash: await takeFlash(this.sessions, req),
      limit: PAGE_SIZE,
    });
    await this.send(req, res, staff, 'Consents', main);
  }

  @Get('consents/:bank/:id')
  async detail(@Param('bank') bank: string, @Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    const staff = await this.staff(req, res);
    if (!staff) return;
    const consent = await this.consent(bank, id);
    const flash = await takeFlash(this.sessions, req);
    const timeline = await this.timelines.timeline(consent.bank as BankId, consent.id);
    await this.send(req, res, staff, 'Consent', consentDetailPage(consent, timeline, flash));
  }

  @Get('consents/:bank/:id/revoke')
  async confirmRevoke(@Param('bank') bank: string, @Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    const staff = await this.staff(req, res);
    if (!staff) return;
    const consent = await this.consent(bank, id);
    if (consent.status !== 'authorized') {
      await setFlash(this.sessions, req, {
        kind: 'info',
        text: `This consent is ${consent.status}: nothing to revoke.`,
      });
      return res.redirect(303, consentLink(consent));
    }
    const session = (await this.sessions.current(req))!;
    await this.send(req, res, staff, 'Revoke consent', confirmRevokePage(consent, session.csrfToken), 'narrow');
  }

  @Post('consents/:bank/:id/revoke')
  async revoke(@Param('bank') bank: string, @Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    await this.sessions.verifyCsrf(req);
    const staff = await this.staff(req, res);
    if (!staff) return;
    const consent = await this.consent(bank, id);
    try {
      const revoked = await this.consents.revoke(consent.bank as BankId, consent.id, `staff:${staff.sub}`);
      const pending = revoked.token_revocation?.status === 'pending';
      await setFlash(this.sessions, req, {
        kind: pending ? 'info' : 'success',
        text: pending
          ? 'Consent revoked. Revoking its tokens at the authorization server is still pending; it is retried until it succeeds.'
          : 'Consent revoked. Its tokens no longer work.',
      });
    } catch (e) {
      if (!(e instanceof BankConsentsError) || e.kind === 'unavailable')
        throw bankUnavailable(consent.bank as BankId, e);
      if (e.kind === 'not_found') throw notFound();
      await setFlash(this.sessions, req, { kind: 'info', text: `Nothing to revoke: ${e.message}.` });
    }
    res.redirect(303, consentLink(consent));
  }

  @Get('tpps/:bank/:clientId/revoke')
  async confirmRevokeAll(
    @Param('bank') bank: string,
    @Param('clientId') clientId: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const staff = await this.staff(req, res);
    if (!staff) return;
    const bankId = this.bank(bank, clientId);
    const found = await this.consents
      .search([bankId], { clientId, status: 'authorized' }, 100)
      .catch((e: unknown) => Promise.reject(bankUnavailable(bankId, e)));
    if (found.failures.length) throw bankUnavailable(bankId, found.failures[0]!.error);
    const session = (await this.sessions.current(req))!;
    const main = confirmRevokeAllPage({
      bank: bankId,
      clientId,
      clientName: found.consents[0]?.client_name ?? clientId,
      count: found.consents.length,
      more: found.more,
      csrfToken: session.csrfToken,
    });
    await this.send(req, res, staff, 'Revoke all consents of a TPP', main, 'narrow');
  }

  @Post('tpps/:bank/:clientId/revoke')
  async revokeAll(
    @Param('bank') bank: string,
    @Param('clientId') clientId: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.sessions.verifyCsrf(req);
    const staff = await this.staff(req, res);
    if (!staff) return;
    const bankId = this.bank(bank, clientId);
    let ids: string[];
    try {
      ids = await this.consents.revokeAllOfClient(bankId, clientId, `staff:${staff.sub}`);
    } catch (e) {
      throw bankUnavailable(bankId, e);
    }
    await setFlash(this.sessions, req, {
      kind: 'success',
      text: `${ids.length} ${ids.length === 1 ? 'consent' : 'consents'} of ${clientId} at ${bankName(bankId)} revoked.`,
    });
    res.redirect(303, `/consents?bank=${bankId}&client_id=${encodeURIComponent(clientId)}`);
  }

  /** The signed-in staff member, or undefined after redirecting to the sign-in page. */
  private async staff(req: Request, res: Response): Promise<Staff | undefined> {
    const session = await this.sessions.current(req);
    const staff = session?.data.staff as Staff | undefined;
    if (staff) return staff;
    if (req.method === 'GET') res.redirect(303, '/sign-in');
    else throw new PageError(401, 'Please sign in', 'Your session has ended. Sign in again and retry.');
    return undefined;
  }

  private bank(bank: string, id: string): BankId {
    if (!isBankId(bank) || !isPathId(id)) throw notFound();
    return bank;
  }

  private async consent(bank: string, id: string): Promise<ConsentDto> {
    const bankId = this.bank(bank, id);
    let consent: ConsentDto | undefined;
    try {
      consent = await this.consents.get(bankId, id);
    } catch (e) {
      throw bankUnavailable(bankId, e);
    }
    if (!consent) throw notFound();
    return consent;
  }

  private async send(
    req: Request,
    res: Response,
    staff: Staff,
    title: string,
    main: SafeHtml,
    width: 'wide' | 'narrow' = 'wide',
  ): Promise<void> {
    const session = (await this.sessions.current(req))!;
    const nav = staffNav(staff, session.csrfToken);
    sendPage(res, 200, renderPage({ brand: this.brand, title, main, nav, width }));
  }
}

function notFound(): PageError {
  return new PageError(404, 'Consent not found', 'There is no such consent.');
}

function bankUnavailable(bank: BankId, e: unknown): PageError {
  if (e instanceof PageError) return e;
  if (e instanceof BankConsentsError && e.kind !== 'unavailable') return notFound();
  return new PageError(
    503,
    `${bankName(bank)} unavailable`,
    `${bankName(bank)}'s consents cannot be reached right now. Please try again in a moment.`,
    e instanceof Error ? e.message : String(e),
  );
}
