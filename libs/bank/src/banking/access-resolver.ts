import type { Request } from 'express';
import type { ConsentedAccess } from './consented-access';
import type { ServerTiming } from './server-timing';

/**
 * How a bank learns what a request may read: it checks the access token (introspection, sender constraint)
 * and reads the consent behind it. Failures are CdrErrors carrying the RFC 6750 / RFC 9449 challenge headers.
 */
export interface AccessResolver {
  /** `timing` receives where the time went (e.g. `introspection`, `proof`, `consent`), for Server-Timing. */
  resolve(req: Request, timing?: ServerTiming): Promise<ConsentedAccess>;
}

export const ACCESS_RESOLVER = Symbol('ACCESS_RESOLVER');
