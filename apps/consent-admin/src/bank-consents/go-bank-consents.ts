import { Injectable } from '@nestjs/common';
import type { ConsentDto } from '@ofs/consent-store';
import { ConsentError } from '../consents/consent.error';
import { ConsentsService } from '../consents/consents.service';
import {
  BankConsentsError,
  type BankConsentSource,
  type ConsentSearch,
  type ConsentSearchResult,
} from './bank-consent-source';

/** Go Bank's consents: consent-admin's own table; a revoke queues the token revocation in the outbox. */
@Injectable()
export class GoBankConsents implements BankConsentSource {
  readonly bank = 'gobank' as const;

  constructor(private readonly consents: ConsentsService) {}

  async search(filters: ConsentSearch, limit: number, cursor?: string): Promise<ConsentSearchResult> {
    try {
      const page = await this.consents.list(this.bank, {
        subject: filters.subject,
        client_id: filters.clientId,
        account_id: filters.accountId,
        status: filters.status,
        limit,
        cursor,
      });
      return { consents: page.consents, nextCursor: page.next_cursor };
    } catch (e) {
      if (e instanceof ConsentError && e.code === 'invalid_cursor') throw new BankConsentsError('bad_cursor', e.detail);
      throw e;
    }
  }

  async get(id: string): Promise<ConsentDto | undefined> {
    try {
      return await this.consents.get(this.bank, id);
    } catch (e) {
      if (e instanceof ConsentError && e.code === 'consent_not_found') return undefined;
      throw e;
    }
  }

  async revoke(id: string, revokedBy: string): Promise<ConsentDto> {
    try {
      return await this.consents.revoke(this.bank, id, revokedBy);
    } catch (e) {
      if (e instanceof ConsentError && e.code === 'consent_not_found')
        throw new BankConsentsError('not_found', e.detail);
      if (e instanceof ConsentError && e.code === 'consent_not_revocable')
        throw new BankConsentsError('not_revocable', e.detail);
      throw e;
    }
  }

  async revokeAllOfClient(clientId: string, revokedBy: string): Promise<string[]> {
    return (await this.consents.revokeAllOfClient(this.bank, clientId, revokedBy)).revoked_consent_ids;
  }
}
