// RFC 7523 §3 (9), FAPI2-SP 5.4: the signature verifies with a key the client registered (jwks or jwks_uri).
import {
  createLocalJWKSet,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';
import { FAPI_SIGNING_ALGS } from '../algorithms';
import { joseDetail } from '../jose-detail';
import { invalidClient } from './client-assertion-context';

/**
 * The client's registered verification keys: its `jwks` metadata by value, or a key resolver, typically a
 * `createRemoteJWKSet(new URL(jwks_uri))` that the app caches per client (tests inject their own).
 */
export type ClientKeys = { readonly jwks: JSONWebKeySet } | { readonly getKey: JWTVerifyGetKey };

/** A key resolver's refusal that the client may read (e.g. why its jwks_uri could not be used). */
export class ClientKeysError extends Error {}

export async function checkAssertionSignature(
  assertion: string,
  keys: ClientKeys,
  now: Date,
  clockToleranceSec: number,
): Promise<void> {
  const getKey = 'jwks' in keys ? createLocalJWKSet(keys.jwks) : keys.getKey;
  // The claims were checked already with the same clock; jose re-checks exp/nbf consistently.
  const options: JWTVerifyOptions = {
    algorithms: [...FAPI_SIGNING_ALGS],
    currentDate: now,
    clockTolerance: clockToleranceSec,
  };
  try {
    await jwtVerify(assertion, getKey, options);
  } catch (e) {
    if (!(e instanceof errors.JWKSMultipleMatchingKeys)) throw invalidClient(describe(e), joseDetail(e));
    // No kid and several keys of the type (e.g. during a rotation): try each, as jose documents.
    for await (const key of e) {
      try {
        await jwtVerify(assertion, key, options);
        return;
      } catch (next) {
        if (!(next instanceof errors.JWSSignatureVerificationFailed))
          throw invalidClient(describe(next), joseDetail(next));
      }
    }
    throw invalidClient('client assertion signature is invalid', 'no key of the matching keys verifies the signature');
  }
}

function describe(e: unknown): string {
  if (e instanceof ClientKeysError) return e.message;
  if (e instanceof errors.JWKSNoMatchingKey) return 'no registered key of the client matches the client assertion';
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'client assertion signature is invalid';
  return 'client assertion could not be verified';
}
