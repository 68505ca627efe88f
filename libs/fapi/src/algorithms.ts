// FAPI 2.0 Security Profile §5.4.1: JWS algorithms are PS256, ES256 or EdDSA (Ed25519); never none, HS*, RS256.
import { OAuthError, type OAuthErrorCode } from '@ofs/oauth';

export const FAPI_SIGNING_ALGS = ['PS256', 'ES256', 'EdDSA'] as const;
export type FapiSigningAlg = (typeof FAPI_SIGNING_ALGS)[number];

export function isFapiSigningAlg(
  alg: unknown,
  allowed: readonly FapiSigningAlg[] = FAPI_SIGNING_ALGS,
): alg is FapiSigningAlg {
  return typeof alg === 'string' && (allowed as readonly string[]).includes(alg);
}

/**
 * Throws `errorCode` unless `alg` (a JOSE header value, unchecked) is one of `allowed` (default: all FAPI algs).
 * `what` names the object in the public description, e.g. "client assertion" or "DPoP proof".
 */
export function assertFapiAlg(
  alg: unknown,
  errorCode: OAuthErrorCode,
  what: string,
  allowed: readonly FapiSigningAlg[] = FAPI_SIGNING_ALGS,
): asserts alg is FapiSigningAlg {
  if (isFapiSigningAlg(alg, allowed)) return;
  const problem = alg === undefined ? 'has no alg' : `alg ${String(alg)} is not allowed`;
  throw new OAuthError(errorCode, `${what} ${problem}, use one of ${allowed.join(', ')}`);
}
