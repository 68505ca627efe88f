import type { BankConsentStore } from '../consents/bank-consent-store';
import type { AuthServerLoginsClient } from '../logins/auth-server-logins.client';

export const CONSENT_PAGE_OPTIONS = Symbol('CONSENT_PAGE_OPTIONS');

/** What a bank's consent page talks to (built by the bank app from its config). */
export interface ConsentPageOptions {
  /** The pending logins of the bank's server (system API, scope manage_logins). */
  logins: AuthServerLoginsClient;
  /** Where the customer's decision is recorded. */
  consents: BankConsentStore;
  /**
   * `https://localhost:8443`: the authorization server as browsers reach it. The decision answers 303 there
   * (only there), so the page's CSP `form-action` names it.
   */
  authServerOrigin: string;
  /** Releases the clients' connections at shutdown. */
  close?(): void;
}
