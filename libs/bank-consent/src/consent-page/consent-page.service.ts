import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { BankDataRepository } from '@ofs/bank';
import type { BankingAccount } from '@ofs/cdr';
import { ConsentStoreError } from '@ofs/consent-store';
import { PageError } from '@ofs/web';
import { LoginsError, type PendingLogin } from '../logins/auth-server-logins.client';
import { CONSENT_PAGE_OPTIONS, type ConsentPageOptions } from './consent-page.options';

/** What the consent page keeps in the visitor's session between showing the form and the decision. */
export interface ConsentVisit {
  login_id: string;
  login_state: string;
  subject: string;
  client_id: string;
  /** The accounts offered: a decision may only tick these. */
  offered: string[];
}

export type ConsentDecision = { action: 'confirm'; accountIds: string[] } | { action: 'deny' };

const GONE = new PageError(
  400,
  'This link is no longer valid',
  'The request to share your accounts has expired, was already answered, or is not one of ours. Go back to the ' +
    'app that sent you here and start again.',
);
const UNAVAILABLE = (detail: string) =>
  new PageError(
    503,
    'Please try again',
    'The bank cannot complete this step right now. Please try again later.',
    detail,
  );

/** The consent page's rules: who may decide what, and in which order the bank records and reports the decision. */
@Injectable()
export class ConsentPageService implements OnModuleDestroy {
  private readonly logger = new Logger('ConsentPage');

  constructor(
    @Inject(CONSENT_PAGE_OPTIONS) private readonly options: ConsentPageOptions,
    private readonly data: BankDataRepository,
  ) {}

  onModuleDestroy(): void {
    this.options.close?.();
  }

  /** The pending login and the customer's accounts it may cover (read from the bank's own data). */
  async open(loginId: string): Promise<{ login: PendingLogin; accounts: BankingAccount[] }> {
    const login = await this.readLogin(loginId);
    const requested = requestedAccounts(login.authorization_details);
    const accounts = (await this.data.accountsOf(login.subject)).filter(
      (a) => !requested || requested.includes(a.accountId),
    );
    return { login, accounts };
  }

  /**
   * "I Agree": the consent is stored (authorized), then the login accepted with its id, every requested scope
   * and the requested details narrowed to the ticked accounts; if the accept fails the consent is revoked.
   * "Cancel": a rejected consent is stored and the login rejected with access_denied.
   * Answers where the browser goes next (the authorization server).
   */
  async decide(visit: ConsentVisit, decision: ConsentDecision): Promise<string> {
    const login = await this.readLogin(visit.login_id);
    if (login.subject !== visit.subject || login.client_id !== visit.client_id) throw GONE;
    const base = { subject: login.subject, client_id: login.client_id, client_name: login.client_name };
    if (decision.action === 'deny') {
      await this.store({ ...base, status: 'rejected', granted_scopes: [], account_ids: [], authorization_details: [] });
      return this.redirect(
        await this.report(() =>
          this.options.logins.reject(visit.login_id, {
            login_state: visit.login_state,
            error: 'access_denied',
            error_description: 'The customer rejected the consent.',
          }),
        ),
      );
    }
    const ticked = [...new Set(decision.accountIds)];
    const outside = ticked.filter((id) => !visit.offered.includes(id));
    if (outside.length)
      throw new PageError(400, 'Invalid request', 'Choose among the accounts shown.', `not offered: ${outside}`);
    const details = narrowed(login.authorization_details, ticked);
    const scopes = [...new Set(login.requested_scopes)];
    const consent = await this.store({
      ...base,
      status: 'authorized',
      granted_scopes: scopes,
      account_ids: ticked,
      authorization_details: details,
    });
    try {
      return this.redirect(
        await this.report(() =>
          this.options.logins.accept(visit.login_id, {
            login_state: visit.login_state,
            granted_scopes: scopes,
            consent_id: consent.id,
            ...(details.length ? { granted_authorization_details: details } : {}),
          }),
        ),
      );
    } catch (e) {
      // The authorization server did not take the consent: it must not stay authorized.
      await this.options.consents
        .revoke(consent.id, 'system')
        .catch((err: unknown) =>
          this.logger.error({ consent_id: consent.id, err }, 'could not revoke the consent of a failed accept'),
        );
      throw e;
    }
  }

  private async readLogin(loginId: string): Promise<PendingLogin> {
    return this.report(() => this.options.logins.get(loginId));
  }

  private async store(consent: Parameters<ConsentPageOptions['consents']['create']>[0]) {
    try {
      return await this.options.consents.create(consent);
    } catch (e) {
      if (e instanceof ConsentStoreError) throw UNAVAILABLE(`consent store: ${e.message}`);
      throw e;
    }
  }

  /** A system API call; its refusals as the pages' errors. */
  private async report<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      if (!(e instanceof LoginsError)) throw e;
      if (e.kind === 'unavailable') throw UNAVAILABLE(e.message);
      throw new PageError(GONE.status, GONE.title, GONE.publicMessage, e.message);
    }
  }

  /** Only ever back to the authorization server. */
  private redirect({ redirect_to }: { redirect_to: string }): string {
    let target: URL;
    try {
      target = new URL(redirect_to);
    } catch {
      throw UNAVAILABLE(`redirect_to is not a URL: ${redirect_to}`);
    }
    if (target.origin !== this.options.authServerOrigin) throw UNAVAILABLE(`redirect_to leaves the AS: ${redirect_to}`);
    return target.href;
  }
}

/** The accounts the client named in its `account_information` details, or undefined when it let the customer choose. */
function requestedAccounts(details: ReadonlyArray<Record<string, unknown>>): string[] | undefined {
  const lists = details
    .filter((d) => d.type === 'account_information' && Array.isArray(d.accounts))
    .map((d) => (d.accounts as unknown[]).filter((a): a is string => typeof a === 'string'));
  return lists.length ? [...new Set(lists.flat())] : undefined;
}

/** RFC 9396 §7: each requested `account_information` detail narrowed to the ticked accounts; the rest as requested. */
export function narrowed(
  details: ReadonlyArray<Record<string, unknown>>,
  accountIds: readonly string[],
): Array<Record<string, unknown>> {
  return details.map((d) => {
    if (d.type !== 'account_information') return { ...d };
    const allowed = Array.isArray(d.accounts)
      ? accountIds.filter((id) => (d.accounts as unknown[]).includes(id))
      : accountIds;
    return { ...d, accounts: [...allowed] };
  });
}
