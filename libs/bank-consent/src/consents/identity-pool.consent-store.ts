import { type HttpsResponse } from '@ofs/platform';
import { ConsentStoreError, type ConsentStatus } from '@ofs/consent-store';
import { SystemApiUnavailableError, type SystemApiClient } from '../system-api/system-api.client';
import type { BankConsent, BankConsentStore, NewBankConsent } from './bank-consent-store';

export interface IdentityPoolConsentStoreOptions {
  /** `https://localhost:8444/api/system/obgeneric/pools/hyperscalebank-consents` (the mutual-TLS alias). */
  poolUrl: string;
  /** The bank's client with the system scope `manage_identity_pools`. */
  api: SystemApiClient;
  now?: () => Date;
}

interface RecordDto {
  id: string;
  version: number;
  attributes: Record<string, unknown>;
}

const RECORD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_ATTEMPTS = 3;

/**
 * Hyperscale Bank's adapter: each consent is a record of the identity pool `hyperscalebank-consents` (its id is the
 * consent id); setting `status` to `revoked` (a JSON merge patch with If-Match) revokes the consent's tokens at the
 * authorization server in the same transaction.
 */
export class IdentityPoolConsentStore implements BankConsentStore {
  private readonly now: () => Date;

  constructor(private readonly options: IdentityPoolConsentStoreOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async create(consent: NewBankConsent): Promise<BankConsent> {
    const at = this.now().toISOString();
    const res = await this.call('POST', '/records', { attributes: { ...consent, created_at: at, updated_at: at } });
    return toBankConsent(expectStatus<RecordDto>(res, 201));
  }

  async get(id: string): Promise<BankConsent | undefined> {
    if (!RECORD_ID.test(id)) return undefined;
    const res = await this.call('GET', `/records/${id}`);
    if (res.status === 404) return undefined;
    return toBankConsent(expectStatus<RecordDto>(res, 200));
  }

  /** Read, then patch with If-Match; a concurrent change (412) is read again, a few times. */
  async revoke(id: string, _revokedBy: string): Promise<void> {
    if (!RECORD_ID.test(id)) throw new ConsentStoreError('not_found', `no consent ${id}`, 404);
    for (let attempt = 1; ; attempt++) {
      const read = expectStatus<RecordDto>(await this.call('GET', `/records/${id}`), 200);
      if (read.attributes.status !== 'authorized')
        throw new ConsentStoreError('conflict', `consent ${id} is ${String(read.attributes.status)}`, 409);
      const res = await this.call(
        'PATCH',
        `/records/${id}`,
        { attributes: { status: 'revoked', updated_at: this.now().toISOString() } },
        { 'if-match': `"${read.version}"` },
      );
      if (res.status === 412 && attempt < MAX_ATTEMPTS) continue;
      expectStatus<RecordDto>(res, 200);
      return;
    }
  }

  close(): void {
    this.options.api.close();
  }

  private async call(method: string, path: string, json?: unknown, headers?: Record<string, string>) {
    try {
      return await this.options.api.call(method, `${this.options.poolUrl}${path}`, json, headers);
    } catch (e) {
      if (e instanceof SystemApiUnavailableError) throw new ConsentStoreError('unavailable', e.message);
      throw e;
    }
  }
}

function expectStatus<T>(res: HttpsResponse, status: number): T {
  if (res.status === status) return res.body as T;
  const detail = (res.body as { detail?: unknown } | undefined)?.detail;
  const message = `identity pool answered ${res.status}${typeof detail === 'string' ? `: ${detail}` : ''}`;
  const kind =
    res.status === 404
      ? 'not_found'
      : res.status === 409 || res.status === 412
        ? 'conflict'
        : res.status === 401 || res.status === 403
          ? 'unauthorized'
          : res.status >= 400 && res.status < 500
            ? 'invalid_request'
            : 'unavailable';
  throw new ConsentStoreError(kind, message, res.status);
}

function toBankConsent(record: RecordDto): BankConsent {
  const a = record.attributes;
  return {
    id: record.id,
    subject: String(a.subject),
    client_id: String(a.client_id),
    client_name: typeof a.client_name === 'string' ? a.client_name : String(a.client_id),
    status: a.status as ConsentStatus,
    granted_scopes: strings(a.granted_scopes),
    account_ids: strings(a.account_ids),
    authorization_details: Array.isArray(a.authorization_details)
      ? (a.authorization_details as Array<Record<string, unknown>>)
      : [],
  };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
