import type { ConsentDto, ConsentStatus } from '@ofs/consent-store';
import type { BankId } from '../config/consent-admin.config';

/** Search filters the console and the portal use (exact matches, combined with AND). */
export interface ConsentSearch {
  subject?: string;
  clientId?: string;
  accountId?: string;
  status?: ConsentStatus;
}

export interface ConsentSearchResult {
  /** Newest first. */
  consents: ConsentDto[];
  /** Where the next page starts (pass it back as `cursor`); null on the last page. */
  nextCursor: string | null;
}

/**
 * One bank's consents wherever the bank keeps them (Go Bank: consent-admin's own table; Hyperscale Bank: an
 * identity pool of the authorization server). Every method is about this bank only: another bank's id is unknown.
 */
export interface BankConsentSource {
  readonly bank: BankId;
  /** One page (at most `limit`, up to 100) of matches, after `cursor` when given (`bad_cursor` if it is not one). */
  search(filters: ConsentSearch, limit: number, cursor?: string): Promise<ConsentSearchResult>;
  /** undefined for an unknown id. */
  get(id: string): Promise<ConsentDto | undefined>;
  /** Authorized → revoked, and its tokens revoked (or queued): `not_found`, `not_revocable`, `unavailable`. */
  revoke(id: string, revokedBy: string): Promise<ConsentDto>;
  /** Every authorized consent of one TPP; the ids it revoked. */
  revokeAllOfClient(clientId: string, revokedBy: string): Promise<string[]>;
}

export const BANK_CONSENT_SOURCES = Symbol('BANK_CONSENT_SOURCES');

export type BankConsentsErrorKind = 'not_found' | 'not_revocable' | 'bad_cursor' | 'unavailable';

/** A bank's consent store refused or could not do what was asked. */
export class BankConsentsError extends Error {
  constructor(
    readonly kind: BankConsentsErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'BankConsentsError';
  }
}
