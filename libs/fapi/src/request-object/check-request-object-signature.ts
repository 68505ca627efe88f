// RFC 9101 §6.2, FAPI2-MS 5.3.1: the signature verifies with a key the client registered (PAR-20, suite 36 and 37).
import { compactVerify, createLocalJWKSet, errors } from 'jose';
import type { ClientKeys } from '../client-assertion/check-assertion-signature';
import { joseDetail } from '../jose-detail';
import { invalidRequestObject, type ParsedRequestObject, type RequestObjectContext } from './request-object-context';

export async function checkRequestObjectSignature(
  object: ParsedRequestObject,
  ctx: RequestObjectContext,
  keys: ClientKeys,
): Promise<void> {
  const options = { algorithms: [...ctx.allowedAlgs] };
  try {
    await compactVerify(object.compact, 'jwks' in keys ? createLocalJWKSet(keys.jwks) : keys.getKey, options);
  } catch (e) {
    if (!(e instanceof errors.JWKSMultipleMatchingKeys)) throw invalidRequestObject(describe(e), joseDetail(e));
    // No kid and several keys of the type (e.g. during a rotation): try each, as jose documents.
    for await (const key of e) {
      try {
        await compactVerify(object.compact, key, options);
        return;
      } catch (next) {
        if (!(next instanceof errors.JWSSignatureVerificationFailed))
          throw invalidRequestObject(describe(next), joseDetail(next));
      }
    }
    throw invalidRequestObject('request object signature is invalid', 'no key of the matching keys verifies it');
  }
}

function describe(e: unknown): string {
  if (e instanceof errors.JWKSNoMatchingKey) return 'no registered key of the client matches the request object';
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'request object signature is invalid';
  return 'request object could not be verified';
}
