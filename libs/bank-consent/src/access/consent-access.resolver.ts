// FAPI2-SP 5.3.4, RFC 7662, RFC 9449 §7, RFC 8705 §3, RFC 6750 §3.1, RFC 9396 §7: a data API request, from its
// access token to the consent behind it, as ordered checks.
import { performance } from 'node:perf_hooks';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  READ_ACCOUNTS,
  READ_BALANCES,
  READ_TRANSACTIONS,
  type AccessResolver,
  type ConsentedAccess,
  type ServerTiming,
} from '@ofs/bank';
import { CdrError } from '@ofs/cdr';
import { ConsentStoreError } from '@ofs/consent-store';
import { OAuthError } from '@ofs/oauth';
import { DPOP_ALGS, ResourceServer, type AuthenticatedCaller, type TokenScheme } from '@ofs/resource-server';
import type { Request } from 'express';
import { BANK_CONSENT_STORE, type BankConsent, type BankConsentStore } from '../consents/bank-consent-store';

/** The scope every data API read needs (CONTRACT.md "Bank data"). */
export const ACCOUNTS_SCOPE = 'accounts';
const ALL_READS: readonly string[] = [...READ_ACCOUNTS, ...READ_BALANCES, ...READ_TRANSACTIONS];

type ConsentCheck = (consent: BankConsent | undefined, caller: AuthenticatedCaller) => string | undefined;

/** After the token passed (active, issuer, sender constraint, `accounts`), the consent it carries, in order. */
export const CONSENT_CHECKS: readonly ConsentCheck[] = [
  (consent) => (consent ? undefined : 'The consent behind the access token does not exist'),
  (consent) => (consent!.status === 'authorized' ? undefined : `The consent was ${consent!.status}`),
  (consent, caller) => (consent!.client_id === caller.clientId ? undefined : 'The consent is of another client'),
  (consent, caller) => (consent!.subject === caller.subject ? undefined : 'The consent is of another customer'),
];

/**
 * The bank's {@link AccessResolver}: the token is introspected at the bank's server with the bank's own client
 * (the resource-server lib: DPoP proof or client certificate checked on every request, `accounts` required,
 * else 403 `insufficient_scope`), then the consent named by its `consent_id` is read from the bank's store — on
 * every request, never cached, so a revoked consent is refused by the very next call — and must be `authorized`
 * for this client and customer. Its accounts and `account_information` permissions are what the request may read.
 * Failures are CDR errors with the RFC 6750 / RFC 9449 challenge.
 */
@Injectable()
export class ConsentAccessResolver implements AccessResolver {
  private readonly logger = new Logger('ConsentAccessResolver');

  constructor(
    private readonly resourceServer: ResourceServer,
    @Inject(BANK_CONSENT_STORE) private readonly consents: BankConsentStore,
  ) {}

  /** `timing`: `introspection`, `proof` (the rest of the token's checks: proof, replay record, scope), `consent`. */
  async resolve(req: Request, timing?: ServerTiming): Promise<ConsentedAccess> {
    const caller = await this.verifyToken(req, timing);
    if (!caller.consentId) throw invalidToken(caller.scheme, 'The access token carries no consent');
    const consentId = caller.consentId;
    const consent = timing
      ? await timing.time('consent', () => this.readConsent(consentId))
      : await this.readConsent(consentId);
    for (const check of CONSENT_CHECKS) {
      const failure = check(consent, caller);
      if (failure) throw invalidToken(caller.scheme, failure);
    }
    return { ...accessOf(consent!), tokenScheme: caller.scheme };
  }

  private async verifyToken(req: Request, timing?: ServerTiming): Promise<AuthenticatedCaller> {
    const started = performance.now();
    let introspection = 0;
    try {
      return await this.resourceServer.verify(req, [ACCOUNTS_SCOPE], (_metric, ms) => (introspection += ms));
    } catch (e) {
      if (!(e instanceof OAuthError)) throw e;
      if (e.status >= 500) {
        this.logger.warn({ detail: e.detail }, e.description);
        throw new CdrError('serviceUnavailable', e.description);
      }
      throw new CdrError(e.status === 403 ? 'insufficientScope' : 'unauthorized', e.description, e.headers);
    } finally {
      timing?.add('introspection', introspection);
      timing?.add('proof', performance.now() - started - introspection);
    }
  }

  private async readConsent(id: string): Promise<BankConsent | undefined> {
    try {
      return await this.consents.get(id);
    } catch (e) {
      if (!(e instanceof ConsentStoreError)) throw e;
      this.logger.warn({ consent_id: id, err: e.message }, 'consent store failed');
      throw new CdrError('serviceUnavailable', 'The consent cannot be checked now');
    }
  }
}

/**
 * RFC 9396 §7: the accounts ticked, and the `account_information` permissions (every read without details), each
 * for the accounts of its own detail (a detail without `accounts` covers every ticked account): a permission asked
 * for one account is not granted for another.
 */
export function accessOf(consent: BankConsent): ConsentedAccess {
  const details = consent.authorization_details;
  const shared = consent.account_ids;
  if (!details.length) return { subject: consent.subject, accountIds: shared, permissions: null };
  const byPermission = new Map<string, Set<string>>();
  for (const detail of details) {
    if (detail.type !== 'account_information' || !Array.isArray(detail.permissions)) continue;
    const listed: unknown = detail.accounts;
    const accounts = Array.isArray(listed) ? shared.filter((id) => listed.includes(id)) : shared;
    for (const p of detail.permissions) {
      if (typeof p !== 'string' || !ALL_READS.includes(p)) continue;
      const covered = byPermission.get(p) ?? new Set<string>();
      for (const id of accounts) covered.add(id);
      byPermission.set(p, covered);
    }
  }
  return {
    subject: consent.subject,
    accountIds: shared,
    permissions: [...byPermission.keys()],
    accountsByPermission: Object.fromEntries([...byPermission].map(([p, ids]) => [p, [...ids]])),
  };
}

/** RFC 6750 §3.1 / RFC 9449 §7.1: 401 `invalid_token`, challenged in the token's scheme. */
function invalidToken(scheme: TokenScheme, description: string): CdrError {
  const params = [`error="invalid_token"`, `error_description="${description}"`];
  if (scheme === 'DPoP') params.push(`algs="${DPOP_ALGS}"`);
  return new CdrError('unauthorized', description, { 'WWW-Authenticate': `${scheme} ${params.join(', ')}` });
}
