// RFC 7591 §2 jwks, RFC 7517 §5 (REG-03, JWKS-02..04): a JWK Set of public keys, each importable, kids unique.
import type { JWK } from 'jose';
import { checkPublicJwk } from '../jwk/check-public-jwk';
import { invalidClientMetadata, type MetadataCheckContext } from '../metadata-check-context';

const MAX_KEYS = 20;

/** Only `keys` is kept from the set; each key is kept as sent (kid, use, alg, x5c included). */
export async function checkJwks({ input, output }: MetadataCheckContext): Promise<void> {
  const jwks = input.jwks;
  if (jwks === undefined) return;
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  if (typeof jwks !== 'object' || Array.isArray(jwks) || !Array.isArray(keys)) {
    throw invalidClientMetadata('jwks must be a JWK Set: an object with a keys array');
  }
  if (keys.length === 0 || keys.length > MAX_KEYS) {
    throw invalidClientMetadata(`jwks must hold between 1 and ${MAX_KEYS} keys`);
  }
  for (const [index, key] of keys.entries()) await checkPublicJwk(key, index);
  const kids = keys.map((key: JWK) => key.kid).filter((kid): kid is string => kid !== undefined);
  const repeated = kids.find((kid, i) => kids.indexOf(kid) !== i);
  if (repeated !== undefined) throw invalidClientMetadata(`jwks kid ${repeated} is used by more than one key`);
  output.jwks = { keys: keys.map((key: JWK) => ({ ...key })) };
}
