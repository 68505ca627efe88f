import { CdrError } from '@ofs/cdr';
import { parseAccountFilter, parsePage, parseTransactionFilter } from './cdr-query';
import { paginate } from './pagination';

const NOW = new Date('2026-12-02T12:00:00Z');

function refusal(f: () => unknown): { status: number; code: string; detail: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof CdrError) return { status: e.status, code: e.entry.code, detail: e.entry.detail };
    throw e;
  }
  throw new Error('expected a CDR error');
}

describe('CDR query parameters (Consumer Data Standards: Pagination, Get Transactions For Account)', () => {
  it('pages default to 1 and 25', () => {
    expect(parsePage({})).toEqual({ page: 1, pageSize: 25 });
    expect(parsePage({ page: '3', 'page-size': '1000' })).toEqual({ page: 3, pageSize: 1000 });
  });

  it.each<[string, Record<string, unknown>, number, string]>([
    ['page 0', { page: '0' }, 400, 'urn:au-cds:error:cds-all:Field/Invalid'],
    ['page -1', { page: '-1' }, 400, 'urn:au-cds:error:cds-all:Field/Invalid'],
    ['page not a number', { page: 'two' }, 400, 'urn:au-cds:error:cds-all:Field/Invalid'],
    ['page twice', { page: ['1', '2'] }, 400, 'urn:au-cds:error:cds-all:Field/Invalid'],
    ['page-size 0', { 'page-size': '0' }, 400, 'urn:au-cds:error:cds-all:Field/InvalidPageSize'],
    ['page-size 1001', { 'page-size': '1001' }, 400, 'urn:au-cds:error:cds-all:Field/InvalidPageSize'],
    ['page-size 2.5', { 'page-size': '2.5' }, 400, 'urn:au-cds:error:cds-all:Field/InvalidPageSize'],
  ])('%s → %d %s', (_name, query, status, code) => {
    expect(refusal(() => parsePage(query))).toMatchObject({ status, code });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown product-category', { 'product-category': 'CASH' }, 'product-category'],
    ['open-status open (lower case)', { 'open-status': 'open' }, 'open-status'],
    ['is-owned yes', { 'is-owned': 'yes' }, 'is-owned'],
  ])('account filter: %s → 400 Field/Invalid naming it', (_name, query, name) => {
    expect(refusal(() => parseAccountFilter(query))).toMatchObject({
      status: 400,
      detail: expect.stringContaining(name),
    });
  });

  it('account filters: ALL means no filter', () => {
    expect(parseAccountFilter({ 'open-status': 'ALL', 'is-owned': 'false', 'product-category': 'PERS_LOANS' })).toEqual(
      {
        isOwned: false,
        productCategory: 'PERS_LOANS',
      },
    );
  });

  it('transactions default to the 90 days before now', () => {
    expect(parseTransactionFilter({}, NOW)).toEqual({
      oldest: new Date('2026-09-03T12:00:00Z'),
      newest: NOW,
      minAmount: undefined,
      maxAmount: undefined,
    });
    expect(
      parseTransactionFilter(
        { 'oldest-time': '2026-01-01T00:00:00+10:00', 'min-amount': '-50', 'max-amount': '-10.5', text: 'café 50%' },
        NOW,
      ),
    ).toEqual({
      oldest: new Date('2025-12-31T14:00:00Z'),
      newest: NOW,
      minAmount: '-50',
      maxAmount: '-10.5',
      text: 'café 50%',
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['oldest-time not a date', { 'oldest-time': 'yesterday' }, 'urn:au-cds:error:cds-all:Field/InvalidDateTime'],
    [
      'newest-time without a zone',
      { 'newest-time': '2026-01-01T00:00:00' },
      'urn:au-cds:error:cds-all:Field/InvalidDateTime',
    ],
    [
      'newest-time on 2026-02-30',
      { 'newest-time': '2026-02-30T00:00:00Z' },
      'urn:au-cds:error:cds-all:Field/InvalidDateTime',
    ],
    [
      'oldest after newest',
      { 'oldest-time': '2026-02-01T00:00:00Z', 'newest-time': '2026-01-01T00:00:00Z' },
      'urn:au-cds:error:cds-all:Field/Invalid',
    ],
    ['min-amount 1,000', { 'min-amount': '1,000' }, 'urn:au-cds:error:cds-all:Field/Invalid'],
    ['max-amount 1.234', { 'max-amount': '1.234' }, 'urn:au-cds:error:cds-all:Field/Invalid'],
    ['min above max', { 'min-amount': '10', 'max-amount': '5' }, 'urn:au-cds:error:cds-all:Field/Invalid'],
    ['text empty', { text: '' }, 'urn:au-cds:error:cds-all:Field/Invalid'],
    ['text with a NUL', { text: 'a\u0000b' }, 'urn:au-cds:error:cds-all:Field/Invalid'],
    ['text of 201 characters', { text: 'x'.repeat(201) }, 'urn:au-cds:error:cds-all:Field/Invalid'],
  ])('transaction filter: %s → 400 %s', (_name, query, code) => {
    expect(refusal(() => parseTransactionFilter(query, NOW))).toMatchObject({ status: 400, code });
  });

  it('pagination links and meta; a page past the last → 422 Field/InvalidPage', () => {
    const self = new URL('https://localhost:8070/banking/accounts?page=2&page-size=2');
    expect(paginate(self, { page: 2, pageSize: 2 }, 5)).toEqual({
      links: {
        self: self.toString(),
        first: 'https://localhost:8070/banking/accounts?page=1&page-size=2',
        prev: 'https://localhost:8070/banking/accounts?page=1&page-size=2',
        next: 'https://localhost:8070/banking/accounts?page=3&page-size=2',
        last: 'https://localhost:8070/banking/accounts?page=3&page-size=2',
      },
      meta: { totalRecords: 5, totalPages: 3 },
    });
    expect(paginate(self, { page: 1, pageSize: 25 }, 0)).toEqual({
      links: { self: self.toString() },
      meta: { totalRecords: 0, totalPages: 0 },
    });
    expect(refusal(() => paginate(self, { page: 4, pageSize: 2 }, 5))).toMatchObject({
      status: 422,
      code: 'urn:au-cds:error:cds-all:Field/InvalidPage',
    });
  });
});
