// RFC 9396 §7 and §9: what a consent grants is at most what was requested, checked per type (granted ⊆ requested).
import { isDeepStrictEqual } from 'node:util';
import { OAuthError } from '../oauth.error';
import type { AuthorizationDetail } from './authorization-details';
import { type AuthorizationDetailsSchema, NARROWABLE_KEYWORD } from './authorization-details-schemas';

/**
 * Each granted object narrows one requested object of its type: members whose schema is marked `x-narrowable`
 * (arrays) may hold a subset of the requested items, or name items where the request left the member out
 * (it asked for "any"); every other member is granted exactly as requested. Throws 400 invalid_request naming
 * the granted object and member that widens the request.
 */
export function checkGrantedDetails(
  granted: readonly AuthorizationDetail[],
  requested: readonly AuthorizationDetail[],
  schemaOf: (type: string) => AuthorizationDetailsSchema | undefined,
): void {
  granted.forEach((detail, i) => {
    const candidates = requested.filter((r) => r.type === detail.type);
    if (!candidates.length) throw widening(`granted_authorization_details/${i}/type ${detail.type} was not requested`);
    const problems = candidates.map((r) => widenedMember(detail, r, schemaOf(detail.type)));
    if (problems.some((p) => p === undefined)) return;
    throw widening(`granted_authorization_details/${i}/${problems[0]!}`);
  });
}

/** Why `granted` is not a narrowing of `requested` (the member and how), or undefined when it is. */
function widenedMember(
  granted: AuthorizationDetail,
  requested: AuthorizationDetail,
  schema: AuthorizationDetailsSchema | undefined,
): string | undefined {
  const properties = (schema?.properties ?? {}) as Record<string, Record<string, unknown> | undefined>;
  for (const member of new Set([...Object.keys(requested), ...Object.keys(granted)])) {
    const want = requested[member];
    const got = granted[member];
    if (properties[member]?.[NARROWABLE_KEYWORD] === true) {
      if (got === undefined) {
        if (want !== undefined) return `${member} must be granted (leaving it out would grant every item)`;
        continue;
      }
      if (!Array.isArray(got)) return `${member} must be an array`;
      if (want === undefined) continue;
      const extra = got.filter((item) => !(want as unknown[]).some((w) => isDeepStrictEqual(w, item)));
      if (extra.length) return `${member} includes ${extra.map(shown).join(', ')}, which was not requested`;
      continue;
    }
    if (!isDeepStrictEqual(got, want)) return `${member} must be granted exactly as requested`;
  }
  return undefined;
}

/** An item as the description names it: strings as they are (descriptions cannot carry double quotes). */
function shown(item: unknown): string {
  return typeof item === 'string' ? item : JSON.stringify(item).replace(/"/g, "'");
}

function widening(description: string): OAuthError {
  return new OAuthError('invalid_request', description);
}
