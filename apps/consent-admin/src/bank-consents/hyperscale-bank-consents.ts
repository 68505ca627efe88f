import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { CONSENT_STATUSES, type ConsentDto, type ConsentStatus } from '@ofs/consent-store';
import { Clock, RUNTIME_CONFIG, type RuntimeConfig, HttpsClient, type HttpsResponse } from '@ofs/platform';
import { ClientCredentialsTokenSource } from '@ofs/resource-server';
import type { ConsentAdminEnv } from '../config/consent-admin.env';
import { hyperscaleConsentPool, type HyperscaleConsentPool } from '../config/consent-admin.config';
import {
  BankConsentsError,
  type BankConsentSource,
  type ConsentSearch,
  type ConsentSearchResult,
} from './bank-consent-source';

/** A record of the identity pool `hyperscalebank-consents` as the system API returns it. */
interface PoolRecord {
  id: string;
  version: number;
  attributes: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

const RECORD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The pool API's largest page. */
const MAX_PAGE = 100;
/** A revoke re-reads the record this many times when it changed under it (412). */
const LOST_UPDATE_RETRIES = 3;

/**
 * Hyperscale Bank's consents: records of the identity pool `hyperscalebank-consents` (consent id = record id),
 * read and changed through the tenant's system API as `hyperscalebank-consent-storage` (certificate-bound token with
 * `manage_identity_pools`). Setting status `revoked` makes the authorization server revoke the consent's tokens in
 * the same transaction, so nothing is left pending here. Changes carry If-Match: no lost update.
 */
@Injectable()
export class HyperscaleBankConsents implements BankConsentSource, OnModuleDestroy {
  readonly bank = 'hyperscalebank' as const;
  private readonly pool: HyperscaleConsentPool;
  private readonly http: HttpsClient;
  private readonly tokens: ClientCredentialsTokenSource;

  constructor(
    @Inject(RUNTIME_CONFIG) config: RuntimeConfig<ConsentAdminEnv>,
    private readonly clock: Clock,
  ) {
    this.pool = hyperscaleConsentPool(config);
    this.http = new HttpsClient(this.pool.tls);
    this.tokens = new ClientCredentialsTokenSource({
      tokenEndpoint: this.pool.tokenEndpoint,
      clientId: this.pool.clientId,
      scope: 'manage_identity_pools',
      http: this.http,
    });
  }

  async search(filters: ConsentSearch, limit: number, cursor?: string): Promise<ConsentSearchResult> {
    const query = new URLSearchParams();
    if (filters.subject !== undefined) query.set('attr.subject', filters.subject);
    if (filters.clientId !== undefined) query.set('attr.client_id', filters.clientId);
    if (filters.accountId !== undefined) query.set('attr.account_ids', filters.accountId);
    if (filters.status !== undefined) query.set('attr.status', filters.status);
    query.set('limit', String(Math.min(MAX_PAGE, limit)));
    if (cursor !== undefined) query.set('cursor', cursor);
    const res = await this.call('GET', `${this.pool.recordsUrl}?${query.toString()}`);
    if (res.status === 400 && cursor !== undefined) throw new BankConsentsError('bad_cursor', 'not a page of results');
    if (res.status !== 200) throw unavailable(res);
    const body = res.body as { records: PoolRecord[]; next_cursor?: string };
    return { consents: body.records.map(toConsent), nextCursor: body.next_cursor ?? null };
  }

  async get(id: string): Promise<ConsentDto | undefined> {
    const record = await this.read(id);
    return record && toConsent(record);
  }

  async revoke(id: string, _revokedBy: string): Promise<ConsentDto> {
    for (let attempt = 0; ; attempt++) {
      const record = await this.read(id);
      if (!record) throw new BankConsentsError('not_found', `no consent ${id}`);
      const status = record.attributes.status;
      if (status !== 'authorized') {
        throw new BankConsentsError(
          'not_revocable',
          status === 'revoked'
            ? 'the consent is already revoked'
            : `a ${String(status)} consent has no access to revoke`,
        );
      }
      const res = await this.call('PATCH', `${this.pool.recordsUrl}/${id}`, {
        json: { attributes: { status: 'revoked', updated_at: this.clock.now().toISOString() } },
        headers: { 'if-match': `"${record.version}"` },
      });
      if (res.status === 200) return toConsent(res.body as PoolRecord);
      if (res.status === 404) throw new BankConsentsError('not_found', `no consent ${id}`);
      // 412: changed since it was read (another revoke, the bank); 409: revoked meanwhile. Read it again.
      if ((res.status === 412 || res.status === 409) && attempt < LOST_UPDATE_RETRIES) continue;
      throw unavailable(res);
    }
  }

  async revokeAllOfClient(clientId: string, revokedBy: string): Promise<string[]> {
    const revoked: string[] = [];
    for (;;) {
      const { consents } = await this.search({ clientId, status: 'authorized' }, MAX_PAGE);
      const pending = consents.filter((c) => !revoked.includes(c.id));
      if (!pending.length) return revoked;
      for (const consent of pending) {
        try {
          await this.revoke(consent.id, revokedBy);
          revoked.push(consent.id);
        } catch (e) {
          // Revoked or deleted by someone else meanwhile: it no longer has access either way.
          if (!(e instanceof BankConsentsError) || e.kind === 'unavailable') throw e;
          revoked.push(consent.id);
        }
      }
    }
  }

  onModuleDestroy(): void {
    this.http.close();
  }

  private async read(id: string): Promise<PoolRecord | undefined> {
    if (!RECORD_ID.test(id)) return undefined;
    const res = await this.call('GET', `${this.pool.recordsUrl}/${id}`);
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw unavailable(res);
    return res.body as PoolRecord;
  }

  /** One system-API call with the client's certificate-bound token; a 401 gets one more try with a new token. */
  private async call(
    method: string,
    url: string,
    extra: { json?: unknown; headers?: Record<string, string> } = {},
  ): Promise<HttpsResponse> {
    try {
      for (let attempt = 0; ; attempt++) {
        const token = await this.tokens.accessToken();
        const res = await this.http.request({
          method,
          url,
          json: extra.json,
          headers: { ...extra.headers, authorization: `Bearer ${token}` },
        });
        if (res.status !== 401 || attempt > 0) return res;
        this.tokens.invalidate(token);
      }
    } catch (e) {
      throw new BankConsentsError('unavailable', `Hyperscale Bank's consent pool: ${(e as Error).message}`);
    }
  }
}

function unavailable(res: HttpsResponse): BankConsentsError {
  return new BankConsentsError(
    'unavailable',
    `Hyperscale Bank's consent pool answered ${res.status} ${res.text.slice(0, 200)}`,
  );
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A pool record in the shape of Go Bank's consents (the pool keeps no revoked_at / revoked_by: updated_at tells). */
function toConsent(record: PoolRecord): ConsentDto {
  const a = record.attributes;
  const status: ConsentStatus = CONSENT_STATUSES.includes(a.status as ConsentStatus)
    ? (a.status as ConsentStatus)
    : 'rejected';
  const updatedAt = typeof a.updated_at === 'string' ? a.updated_at : record.updated_at;
  return {
    id: record.id,
    bank: 'hyperscalebank',
    subject: String(a.subject ?? ''),
    client_id: String(a.client_id ?? ''),
    client_name: typeof a.client_name === 'string' && a.client_name ? a.client_name : String(a.client_id ?? ''),
    status,
    granted_scopes: strings(a.granted_scopes),
    account_ids: strings(a.account_ids),
    authorization_details: Array.isArray(a.authorization_details)
      ? (a.authorization_details as Array<Record<string, unknown>>)
      : [],
    created_at: typeof a.created_at === 'string' ? a.created_at : record.created_at,
    updated_at: updatedAt,
    revoked_at: status === 'revoked' ? updatedAt : null,
    revoked_by: null,
    token_revocation: null,
  };
}
