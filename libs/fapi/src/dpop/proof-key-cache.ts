// RFC 9449 §4.3 (6): the public key of a DPoP proof, imported once per key rather than once per request.
import { importJWK, type CryptoKey, type JWK } from 'jose';

/** How many imported proof keys are kept (least recently used first out). A P-256 key is a few hundred bytes. */
export const PROOF_KEY_CACHE_SIZE = 10_000;

/**
 * A client keeps its DPoP key for many requests; importing it (WebCrypto `importKey`) was the largest single
 * cost of a proof. The cache key is the whole `jwk` header as sent plus the `alg`, so a hit is exactly the
 * import the same input would produce — a different member (`key_ops`, `ext`…) is a different entry.
 */
export class ProofKeyCache {
  private readonly keys = new Map<string, Promise<CryptoKey>>();

  constructor(private readonly maxSize: number = PROOF_KEY_CACHE_SIZE) {}

  /** As jose's EmbeddedJWK: the jwk header imported for `alg`; rejects unless it is a public key. */
  publicKey(jwk: JWK, alg: string): Promise<CryptoKey> {
    const cacheKey = `${alg} ${JSON.stringify(jwk)}`;
    const cached = this.keys.get(cacheKey);
    if (cached) {
      this.keys.delete(cacheKey);
      this.keys.set(cacheKey, cached);
      return cached;
    }
    const imported = importJWK({ ...jwk, ext: true }, alg).then((key) => {
      if (key instanceof Uint8Array || key.type !== 'public') throw new TypeError('the jwk header is not a public key');
      return key;
    });
    // A failed import is not remembered: the next request imports (and fails) again.
    imported.catch(() => this.keys.delete(cacheKey));
    this.keys.set(cacheKey, imported);
    if (this.keys.size > this.maxSize) this.keys.delete(this.keys.keys().next().value!);
    return imported;
  }

  get size(): number {
    return this.keys.size;
  }
}

/** One per process: proof keys are public, so sharing them between servers and tenants is harmless. */
export const PROOF_KEYS = new ProofKeyCache();
