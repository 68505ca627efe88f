// Consumer Data Standards (AU), "Pagination": links and meta of a page; a page past the last is 422.
import { CdrError, type CdrLinks, type CdrMeta } from '@ofs/cdr';
import type { PageRequest } from './cdr-query';

export function paginate(self: URL, request: PageRequest, totalRecords: number): { links: CdrLinks; meta: CdrMeta } {
  const totalPages = Math.ceil(totalRecords / request.pageSize);
  if (request.page > Math.max(totalPages, 1))
    throw new CdrError('invalidPage', `page ${request.page} is past the last page (${totalPages})`, {});
  const at = (page: number): string => {
    const url = new URL(self);
    url.searchParams.set('page', String(page));
    url.searchParams.set('page-size', String(request.pageSize));
    return url.toString();
  };
  const links: CdrLinks = { self: self.toString() };
  if (totalPages > 0) {
    links.first = at(1);
    links.last = at(totalPages);
    if (request.page > 1) links.prev = at(request.page - 1);
    if (request.page < totalPages) links.next = at(request.page + 1);
  }
  return { links, meta: { totalRecords, totalPages } };
}
