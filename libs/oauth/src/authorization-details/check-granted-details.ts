// RFC 9396 §6.2, §7 and §9: what a consent grants is at most what was requested, and what a token request asks
// for at most what was granted, checked per type (granted ⊆ requested, token ⊆ granted).
import { isDeepStrictEqual } from 'node:util';
import { OAuthError, type OAuthErrorCode } from '../oauth.error';
import type { AuthorizationDetail } from './authorization-details';
import { type AuthorizationDetailsSchema, NARROWABLE_KEYWORD } from './authorization-details-schemas';

/** Who narrows what: the consent page narrows the request (§7), a token request narrows the grant (§6.2). */
export interface NarrowingCheck {
  /** The parameter named in descriptions, e.g. `granted_authorization_details/0/accounts …`. */
  name: string;
  /** What the narrowed objects are checked against, as the description says it ("was not requested"). */
  against: 'requested' | 'granted';
  error: OAuthErrorCode;
}

/** A consent page's accept: 400 invalid_request naming the granted object and member that widens the request. */
const CONSENT_PAGE: NarrowingCheck = {
  name: 'granted_authorization_details',
  against: 'requested',
  error: 'invalid_request',
};

/**
 * Each narrowed object narrows one wider object of its type: members whose schema is marked `x-narrowable`
 * (arrays) may hold a subset of the wider object's items, or name items where it left the member out (it asked
 * for "any"); every other member stays exactly as it was. Throws naming the object and member that widens it:
 * by default a consent page's granted details against the request (400 invalid_request); the token endpoint
 * passes `{ name: 'authorization_details', against: 'granted', error: 'invalid_authorization_details' }`.
 */
export function checkGrantedDetails(
  narrowed: readonly AuthorizationDetail[],
  wider: readonly AuthorizationDetail[],
  schemaOf: (type: string) => AuthorizationDetailsSchema | undefined,
  check: NarrowingCheck = CONSENT_PAGE,
): void {
  narrowed.forEach((detail, i) => {
    const candidates = wider.filter((r) => r.type === detail.type);
    if (!candidates.length)
      throw new OAuthError(check.error, `${check.name}/${i}/type ${detail.type} was not ${check.against}`);
    const problems = candidates.map((r) => widenedMember(detail, r, schemaOf(detail.type), check.against));
    if (problems.some((p) => p === undefined)) return;
    throw new OAuthError(check.error, `${check.name}/${i}/${problems[0]!}`);
  });
}

/** Why `narrowed` is not a narrowing of `wider` (the member and how), or undefined when it is. */
function widenedMember(
  narrowed: AuthorizationDetail,
  wider: AuthorizationDetail,
  schema: AuthorizationDetailsSchema | undefined,
  against: NarrowingCheck['against'],
): string | undefined {
  const properties = (schema?.properties ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const verb = against === 'requested' ? 'granted' : 'named';
  for (const member of new Set([...Object.keys(wider), ...Object.keys(narrowed)])) {
    const want = wider[member];
    const got = narrowed[member];
    if (properties[member]?.[NARROWABLE_KEYWORD] === true) {
      if (got === undefined) {
        if (want !== undefined)
          return `${member} must be ${verb} (leaving it out would ${verb === 'granted' ? 'grant' : 'ask for'} every item)`;
        continue;
      }
      if (!Array.isArray(got)) return `${member} must be an array`;
      if (want === undefined) continue;
      const extra = got.filter((item) => !(want as unknown[]).some((w) => isDeepStrictEqual(w, item)));
      if (extra.length) return `${member} includes ${extra.map(shown).join(', ')}, which was not ${against}`;
      continue;
    }
    if (!isDeepStrictEqual(got, want)) return `${member} must be ${verb} exactly as ${against}`;
  }
  return undefined;
}

/** An item as the description names it: strings as they are (descriptions cannot carry double quotes). */
function shown(item: unknown): string {
  return typeof item === 'string' ? item : JSON.stringify(item).replace(/"/g, "'");
}
