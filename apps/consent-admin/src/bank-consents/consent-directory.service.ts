import { Inject, Injectable } from '@nestjs/common';
import type { ConsentDto } from '@ofs/consent-store';
import { BANKS, type BankId } from '../config/consent-admin.config';
import {
  BANK_CONSENT_SOURCES,
  BankConsentsError,
  type BankConsentSource,
  type ConsentSearch,
  type ConsentSearchResult,
} from './bank-consent-source';

/** What a bank answered to a search across banks: its consents, or that it could not be reached. */
export interface BankSearchOutcome {
  bank: BankId;
  result?: ConsentSearchResult;
  error?: string;
}

/**
 * The consents of every bank the sandbox has, behind one interface: the console searches across them, the
 * portal asks one bank about one customer. Who may see what is decided here, not in the pages.
 */
@Injectable()
export class ConsentDirectory {
  private readonly sources: Map<BankId, BankConsentSource>;

  constructor(@Inject(BANK_CONSENT_SOURCES) sources: BankConsentSource[]) {
    this.sources = new Map(sources.map((s) => [s.bank, s]));
    for (const bank of BANKS) if (!this.sources.has(bank.id)) throw new Error(`no consent source for ${bank.id}`);
  }

  /**
   * Staff: a search in the given banks (all when none), newest first; a bank that cannot answer is reported. One
   * bank's results go page by page (`cursor`, `nextCursor`); several banks' are merged: the newest `limit` of them,
   * with `more` when either bank has others.
   */
  async search(
    banks: readonly BankId[],
    filters: ConsentSearch,
    limit: number,
    cursor?: string,
  ): Promise<{ consents: ConsentDto[]; more: boolean; nextCursor: string | null; failures: BankSearchOutcome[] }> {
    const searched = banks.length ? banks : BANKS.map((b) => b.id);
    const single = searched.length === 1;
    const outcomes = await Promise.all(
      searched.map(async (bank): Promise<BankSearchOutcome> => {
        try {
          return { bank, result: await this.source(bank).search(filters, limit, single ? cursor : undefined) };
        } catch (e) {
          if (e instanceof BankConsentsError && e.kind !== 'bad_cursor') return { bank, error: e.message };
          throw e;
        }
      }),
    );
    const all = outcomes.flatMap((o) => o.result?.consents ?? []);
    all.sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id));
    const nextCursor = single ? (outcomes[0]!.result?.nextCursor ?? null) : null;
    return {
      consents: all.slice(0, limit),
      more: all.length > limit || outcomes.some((o) => o.result?.nextCursor),
      nextCursor,
      failures: outcomes.filter((o) => o.error !== undefined),
    };
  }

  /** Staff: one consent of one bank, or undefined. */
  get(bank: BankId, id: string): Promise<ConsentDto | undefined> {
    return this.source(bank).get(id);
  }

  revoke(bank: BankId, id: string, revokedBy: string): Promise<ConsentDto> {
    return this.source(bank).revoke(id, revokedBy);
  }

  revokeAllOfClient(bank: BankId, clientId: string, revokedBy: string): Promise<string[]> {
    return this.source(bank).revokeAllOfClient(clientId, revokedBy);
  }

  /** A customer's own consents at the bank they signed in at: the newest `limit` (newest first). */
  async ofCustomer(bank: BankId, subject: string, limit: number): Promise<ConsentSearchResult> {
    const found = await this.source(bank).search({ subject }, limit);
    // The store's filter is not the last word (an identity pool's search also matches, e.g., an array holding the
    // value): only the customer's own consents, compared exactly, are theirs to see.
    return { ...found, consents: found.consents.filter((c) => c.subject === subject) };
  }

  /**
   * A customer's own consent, or undefined: an id of another customer, or of another bank, is unknown to them
   * (the same answer as an id that does not exist, so ids cannot be probed).
   */
  async getOfCustomer(bank: BankId, subject: string, id: string): Promise<ConsentDto | undefined> {
    const consent = await this.source(bank).get(id);
    return consent && consent.subject === subject ? consent : undefined;
  }

  /** Revokes a customer's own consent (checked first, as {@link getOfCustomer}); `not_found` otherwise. */
  async revokeOfCustomer(bank: BankId, subject: string, id: string): Promise<ConsentDto> {
    if (!(await this.getOfCustomer(bank, subject, id))) throw new BankConsentsError('not_found', `no consent ${id}`);
    return this.source(bank).revoke(id, `customer:${subject}`);
  }

  private source(bank: BankId): BankConsentSource {
    return this.sources.get(bank)!;
  }
}
