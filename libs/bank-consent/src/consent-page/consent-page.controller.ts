import { Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { BRAND, PageError, sendPage, WebSessions, type Brand } from '@ofs/web';
import type { Request, Response } from 'express';
import { CONSENT_PAGE_OPTIONS, type ConsentPageOptions } from './consent-page.options';
import { ConsentPageService, type ConsentDecision, type ConsentVisit } from './consent-page.service';
import { consentPage } from './consent.page';

const LOGIN_STATE = /^[\x21-\x7e]{1,512}$/;
const VISIT = 'consentVisit';

const INVALID_LINK = new PageError(
  400,
  'Invalid request',
  'This consent link is not complete. Go back to the app that sent you here and start again.',
);

/** A visit lasts as long as the authorization server's pending login (its interactions live 600 s). */
const VISIT_SECONDS = 600;

/**
 * The bank's consent page (REFERENCE.md d, CONTRACT.md "Pages"): the authorization server sends the browser to
 * `/?login_id=…&login_state=…`; the form posts back to `/` with the session's CSRF token.
 */
@ApiExcludeController()
@Controller()
export class ConsentPageController {
  constructor(
    private readonly consentPages: ConsentPageService,
    private readonly sessions: WebSessions,
    @Inject(BRAND) private readonly brand: Brand,
    @Inject(CONSENT_PAGE_OPTIONS) private readonly options: ConsentPageOptions,
  ) {}

  @Get()
  async show(@Req() req: Request, @Res() res: Response): Promise<void> {
    const loginId = single(req.query.login_id);
    const loginState = single(req.query.login_state);
    if (!loginId || !loginState || !LOGIN_STATE.test(loginState)) throw INVALID_LINK;
    const { login, accounts } = await this.consentPages.open(loginId);
    const visit: ConsentVisit = {
      login_id: login.login_id,
      login_state: loginState,
      subject: login.subject,
      client_id: login.client_id,
      offered: accounts.map((a) => a.accountId),
    };
    // As long as the server's pending login it decides (10 minutes), not the 8 hours of a signed-in session.
    const session = await this.sessions.start(req, res, { [VISIT]: visit }, { ttlSeconds: VISIT_SECONDS });
    sendPage(res, 200, consentPage({ brand: this.brand, login, accounts, csrfToken: session.csrfToken }), {
      // Browsers apply form-action to the redirects after the post: on to the AS, then back to the client.
      formActions: [this.options.authServerOrigin, ...redirectOrigin(login.redirect_uri)],
    });
  }

  @Post()
  async decide(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = await this.sessions.verifyCsrf(req);
    const visit = session.data[VISIT] as ConsentVisit | undefined;
    if (!visit) throw INVALID_LINK;
    const decision = decisionOf(req.body as Record<string, unknown> | undefined);
    // One decision per visit: the session ends before the answer, so a replayed form finds none.
    await this.sessions.end(req, res);
    const next = await this.consentPages.decide(visit, decision);
    res.redirect(303, next);
  }
}

function decisionOf(body: Record<string, unknown> | undefined): ConsentDecision {
  const action = body?.action;
  if (action === 'deny') return { action: 'deny' };
  if (action !== 'confirm') throw new PageError(400, 'Invalid request', 'Choose "I Agree" or "Cancel".');
  const raw = body?.account_ids;
  const ids = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  if (!ids.every((id): id is string => typeof id === 'string'))
    throw new PageError(400, 'Invalid request', 'Choose among the accounts shown.');
  return { action: 'confirm', accountIds: ids };
}

function single(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The origin of the client's verified redirect URI, as the authorization server names it. */
function redirectOrigin(redirectUri: string | undefined): string[] {
  try {
    return redirectUri ? [new URL(redirectUri).origin] : [];
  } catch {
    return [];
  }
}
