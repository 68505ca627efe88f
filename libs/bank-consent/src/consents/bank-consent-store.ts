import type { ConsentStatus } from '@ofs/consent-store';

/** A consent as the bank reads it back, wherever it is kept (CONTRACT.md "Consent storage"). */
export interface BankConsent {
  /** What the authorization server carries as `consent_id`. */
  id: string;
  subject: string;
  client_id: string;
  client_name: string;
  status: ConsentStatus;
  granted_scopes: string[];
  account_ids: string[];
  authorization_details: Array<Record<string, unknown>>;
}

/** What the consent page records when the customer decides. */
export interface NewBankConsent {
  subject: string;
  client_id: string;
  client_name: string;
  status: 'authorized' | 'rejected';
  granted_scopes: string[];
  account_ids: string[];
  authorization_details: Array<Record<string, unknown>>;
}

/**
 * A bank's consent store, one interface for both banks: Go Bank keeps its consents in consent-admin's consent
 * storage API ({@link ConsentStorageConsentStore}), Hyperscale Bank in the identity pool `hyperscalebank-consents`
 * of the authorization server ({@link IdentityPoolConsentStore}). Failures are `ConsentStoreError`s
 * (`@ofs/consent-store`): `unavailable` when the store cannot be reached or fails.
 */
export interface BankConsentStore {
  create(consent: NewBankConsent): Promise<BankConsent>;
  /** undefined for an unknown id. Never cached: a revocation must bite on the very next read. */
  get(id: string): Promise<BankConsent | undefined>;
  /** Marks it revoked (e.g. the accept at the authorization server failed); `conflict` when it is not authorized. */
  revoke(id: string, revokedBy: string): Promise<void>;
  /** Releases its connections (at shutdown). */
  close(): void;
}

export const BANK_CONSENT_STORE = Symbol('BANK_CONSENT_STORE');
