// RFC 9101 §6 + FAPI 2.0 Message Signing §5.3.1 at the PAR endpoint (RFC 9126 §3): a request object, as an ordered list of checks.
import { FAPI_SIGNING_ALGS, type FapiSigningAlg } from '../algorithms';
import type { ClientKeys } from '../client-assertion/check-assertion-signature';
import { checkRequestObjectAlg } from './check-request-object-alg';
import { checkRequestObjectAudience } from './check-request-object-audience';
import { checkRequestObjectClientId } from './check-request-object-client-id';
import { checkRequestObjectExpiry } from './check-request-object-expiry';
import { checkRequestObjectIssuer } from './check-request-object-issuer';
import { checkRequestObjectLifetime } from './check-request-object-lifetime';
import { checkRequestObjectNotBefore } from './check-request-object-not-before';
import { checkRequestObjectNotNested } from './check-request-object-not-nested';
import { checkRequestObjectSignature } from './check-request-object-signature';
import { checkRequestObjectTyp } from './check-request-object-typ';
import { parseRequestObject } from './parse-request-object';
import { requestObjectParameters } from './request-object-parameters';
import { invalidRequestObject, type RequestObjectCheck, type RequestObjectContext } from './request-object-context';

export interface VerifyRequestObjectInput {
  /** The `request` form parameter. */
  request: string;
  /** The issuer identifier: the `aud` the object must name. */
  issuer: string;
  /** The client authenticated at the PAR endpoint. */
  clientId: string;
  /** The client's registered keys (jwks or jwks_uri); null when it registered none. */
  keys: ClientKeys | null;
  /** The client's `request_object_signing_alg`, if registered. */
  registeredAlg?: FapiSigningAlg;
  now: Date;
  /** Default 10 s (the suite's nbf = now + 8 must pass, PAR-21). */
  clockToleranceSec?: number;
  /** Default 3600 s (FAPI2-MS 5.3.1-3/-4). */
  maxLifetimeSec?: number;
}

/** Before the signature: the header, which decides how to verify. */
export const REQUEST_OBJECT_HEADER_CHECKS: readonly RequestObjectCheck[] = [
  checkRequestObjectAlg, // FAPI2-SP 5.4.1
  checkRequestObjectTyp, // RFC 9101 §10.8
];

/** After the signature, in order: each names the claim it refuses. */
export const REQUEST_OBJECT_CLAIM_CHECKS: readonly RequestObjectCheck[] = [
  checkRequestObjectIssuer, // RFC 9101 §4
  checkRequestObjectClientId, // RFC 9101 §5, RFC 9126 §3
  checkRequestObjectAudience, // RFC 9101 §4, FAPI2-MS 5.3.1-2
  checkRequestObjectExpiry, // FAPI2-MS 5.3.1-1
  checkRequestObjectNotBefore, // FAPI2-MS 5.3.1-3
  checkRequestObjectLifetime, // FAPI2-MS 5.3.1-4
  checkRequestObjectNotNested, // RFC 9101 §4
];

export const REQUEST_OBJECT_DEFAULTS = { clockToleranceSec: 10, maxLifetimeSec: 3600 } as const;

/**
 * Returns the authorization request parameters the object carries (and only those: RFC 9126 §3, parameters
 * outside it are ignored). Every failure is OAuthError `invalid_request_object` (400) naming the broken claim.
 */
export async function verifyRequestObject(input: VerifyRequestObjectInput): Promise<Record<string, string>> {
  const object = parseRequestObject(input.request);
  const ctx: RequestObjectContext = {
    issuer: input.issuer,
    clientId: input.clientId,
    allowedAlgs: input.registeredAlg ? [input.registeredAlg] : FAPI_SIGNING_ALGS,
    nowSec: Math.floor(input.now.getTime() / 1000),
    clockToleranceSec: input.clockToleranceSec ?? REQUEST_OBJECT_DEFAULTS.clockToleranceSec,
    maxLifetimeSec: input.maxLifetimeSec ?? REQUEST_OBJECT_DEFAULTS.maxLifetimeSec,
  };
  for (const check of REQUEST_OBJECT_HEADER_CHECKS) await check(object, ctx);
  if (!input.keys) throw invalidRequestObject('the client registered no keys to verify a request object with');
  await checkRequestObjectSignature(object, ctx, input.keys);
  for (const check of REQUEST_OBJECT_CLAIM_CHECKS) await check(object, ctx);
  return requestObjectParameters(object.claims);
}
