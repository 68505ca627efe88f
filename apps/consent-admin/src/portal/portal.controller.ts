import { Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { ConsentDto } from '@ofs/consent-store';
import { BRAND, PageError, renderPage, sendPage, WebSessions, type Brand, type SafeHtml } from '@ofs/web';
import type { Request, Response } from 'express';
import { BankConsentsError } from '../bank-consents/bank-consent-source';
import { ConsentDirectory } from '../bank-consents/consent-directory.service';
import { bankName, isBankId } from '../config/consent-admin.config';
import { setFlash, takeFlash } from '../pages/flash';
import { isPathId } from '../pages/search-input';
import { SIGN_IN_SECONDS, type PendingSignIn } from '../sign-in/oidc-sign-in';
import { PortalSignIn } from './portal-sign-in';
import { chooseBankPage } from './pages/choose-bank.page';
import { confirmRevokePage } from './pages/confirm-revoke.page';
import { connectedAppsPage } from './pages/connected-apps.page';
import { customerNav, type Customer } from './pages/portal-layout';

const PAGE_SIZE = 100;

/**
 * The customers' self-service portal: pick the bank, sign in there, see the apps holding consents and revoke one.
 * The session holds the bank and the subject the bank's ID token named; every consent is looked up at that bank
 * and shown or revoked only when its subject is that customer (another customer's or another bank's id is a 404).
 */
@ApiExcludeController()
@Controller()
export class PortalController {
  constructor(
    private readonly sessions: WebSessions,
    private readonly consents: ConsentDirectory,
    private readonly signIn: PortalSignIn,
    @Inject(BRAND) private readonly brand: Brand,
  ) {}

  @Get()
  async home(@Req() req: Request, @Res() res: Response, @Query('signed_out') signedOut?: string): Promise<void> {
    if (await this.customer(req)) return res.redirect(303, '/consents');
    const main = chooseBankPage(signedOut !== undefined);
    sendPage(res, 200, renderPage({ brand: this.brand, title: 'Choose your bank', main, width: 'narrow' }));
  }

  @Get('auth/login')
  async login(@Query('bank') bank: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (!isBankId(bank)) throw new PageError(400, 'Choose your bank', 'Pick Go Bank or Hyperscale Bank to sign in.');
    // A link from anywhere must not end a signed-in session (it would start a new one): sign out first.
    if (await this.customer(req)) return res.redirect(303, '/consents');
    const { url, pending } = await this.signIn.at(bank).start();
    await this.sessions.start(req, res, { signIn: { bank, ...pending } }, { ttlSeconds: SIGN_IN_SECONDS });
    res.redirect(303, url.href);
  }

  @Get('auth/callback')
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = await this.sessions.current(req);
    const pending = session?.data.signIn as (PendingSignIn & { bank: unknown }) | undefined;
    if (!pending || !isBankId(pending.bank)) {
      throw new PageError(
        400,
        'Sign-in expired',
        'This sign-in is no longer valid. Please sign in again.',
        'no pending sign-in',
      );
    }
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    // The callback is checked against the bank the sign-in started at (its issuer, RFC 9207 `iss`).
    const person = await this.signIn.at(pending.bank).finish(query, pending);
    const customer: Customer = { bank: pending.bank, sub: person.sub, name: person.name };
    await this.sessions.start(req, res, { customer });
    res.redirect(303, '/consents');
  }

  @Post('auth/sign-out')
  async signOut(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.sessions.verifyCsrf(req);
    await this.sessions.end(req, res);
    res.redirect(303, '/?signed_out');
  }

  @Get('consents')
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const customer = await this.requireCustomer(req, res);
    if (!customer) return;
    let found;
    try {
      found = await this.consents.ofCustomer(customer.bank, customer.sub, PAGE_SIZE);
    } catch (e) {
      throw unavailable(customer, e);
    }
    const flash = await takeFlash(this.sessions, req);
    await this.send(
      req,
      res,
      customer,
      'Your connected apps',
      connectedAppsPage(customer, found.consents, found.nextCursor !== null, flash),
    );
  }

  @Get('consents/:id/revoke')
  async confirmRevoke(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const customer = await this.requireCustomer(req, res);
    if (!customer) return;
    const consent = await this.ownConsent(customer, id);
    if (consent.status !== 'authorized') {
      await setFlash(this.sessions, req, {
        kind: 'info',
        text: `That consent is ${consent.status}: nothing to revoke.`,
      });
      return res.redirect(303, '/consents');
    }
    const session = (await this.sessions.current(req))!;
    await this.send(
      req,
      res,
      customer,
      'Revoke access',
      confirmRevokePage(customer, consent, session.csrfToken),
      'narrow',
    );
  }

  @Post('consents/:id/revoke')
  async revoke(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.sessions.verifyCsrf(req);
    const customer = await this.requireCustomer(req, res);
    if (!customer) return;
    if (!isPathId(id)) throw notFound();
    try {
      const revoked = await this.consents.revokeOfCustomer(customer.bank, customer.sub, id);
      await setFlash(this.sessions, req, { kind: 'success', text: `${revoked.client_name} no longer has access.` });
    } catch (e) {
      if (!(e instanceof BankConsentsError) || e.kind === 'unavailable') throw unavailable(customer, e);
      if (e.kind === 'not_found') throw notFound();
      // Not revocable: revoked already (another tab), or a consent that never gave access (a forged form).
      const now = await this.consents.getOfCustomer(customer.bank, customer.sub, id).catch(() => undefined);
      const text =
        now?.status === 'revoked' ? 'That consent was already revoked.' : 'That consent gives no access to revoke.';
      await setFlash(this.sessions, req, { kind: 'info', text });
    }
    res.redirect(303, '/consents');
  }

  private async customer(req: Request): Promise<Customer | undefined> {
    const customer = (await this.sessions.current(req))?.data.customer as Customer | undefined;
    return customer && isBankId(customer.bank) ? customer : undefined;
  }

  /** The signed-in customer, or undefined after sending the visitor to choose their bank. */
  private async requireCustomer(req: Request, res: Response): Promise<Customer | undefined> {
    const customer = await this.customer(req);
    if (customer) return customer;
    if (req.method === 'GET') res.redirect(303, '/');
    else throw new PageError(401, 'Please sign in', 'Your session has ended. Sign in again and retry.');
    return undefined;
  }

  private async ownConsent(customer: Customer, id: string): Promise<ConsentDto> {
    if (!isPathId(id)) throw notFound();
    let consent: ConsentDto | undefined;
    try {
      consent = await this.consents.getOfCustomer(customer.bank, customer.sub, id);
    } catch (e) {
      throw unavailable(customer, e);
    }
    if (!consent) throw notFound();
    return consent;
  }

  private async send(
    req: Request,
    res: Response,
    customer: Customer,
    title: string,
    main: SafeHtml,
    width: 'wide' | 'narrow' = 'wide',
  ): Promise<void> {
    const session = (await this.sessions.current(req))!;
    sendPage(
      res,
      200,
      renderPage({ brand: this.brand, title, main, nav: customerNav(customer, session.csrfToken), width }),
    );
  }
}

function notFound(): PageError {
  return new PageError(404, 'Consent not found', 'You have no such consent.');
}

function unavailable(customer: Customer, e: unknown): PageError {
  if (e instanceof PageError) return e;
  return new PageError(
    503,
    `${bankName(customer.bank)} unavailable`,
    'Your consents cannot be reached right now. Please try again in a moment.',
    e instanceof Error ? e.message : String(e),
  );
}
