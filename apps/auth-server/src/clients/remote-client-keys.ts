// RFC 7591 §2 jwks_uri, RFC 7515 §4.1.4 kid: clients' remote key sets, fetched within limits and cached (bounded).
import type { ClientKeys } from '@ofs/fapi';
import { createLocalJWKSet, errors, type JSONWebKeySet, type JWK, type JWTVerifyGetKey } from 'jose';
import { TtlCache } from '../cache/ttl-cache';
import { fetchJwks, JwksUriError, type RemoteJwksLimits } from './remote-jwks';

/** How long a fetched key set is used before it is fetched again. */
const MAX_AGE_MS = 5 * 60_000;
/** An unknown kid fetches the set again, at most this often (RFC 7517 rotation without hammering the TPP). */
const COOLDOWN_MS = 30_000;
const MAX_CLIENTS = 1_000;

interface Loaded {
  jwks: JSONWebKeySet;
  local: JWTVerifyGetKey;
  fetchedAt: number;
}

/** The keys a signature with `alg` and no `kid` could be checked with (RFC 7517 §4: kty, use, alg; crv). */
export function keysFor(jwks: JSONWebKeySet, alg: string | undefined): JWK[] {
  const kty = alg?.startsWith('ES') ? 'EC' : alg?.startsWith('PS') || alg?.startsWith('RS') ? 'RSA' : 'OKP';
  const crv = alg === 'ES256' ? 'P-256' : alg === 'ES384' ? 'P-384' : alg === 'ES512' ? 'P-521' : undefined;
  return jwks.keys.filter(
    (k) =>
      k.kty === kty &&
      (k.use === undefined || k.use === 'sig') &&
      (k.alg === undefined || k.alg === alg) &&
      (crv === undefined || k.crv === crv),
  );
}

export class RemoteClientKeys {
  private readonly cache: TtlCache<Loaded>;

  constructor(
    private readonly limits: RemoteJwksLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.cache = new TtlCache<Loaded>(MAX_AGE_MS, MAX_CLIENTS, now);
  }

  keysOf(clientId: string, jwksUri: string): ClientKeys {
    const cacheKey = `${clientId} ${jwksUri}`;
    return {
      getKey: async (header, token) => {
        let loaded = await this.load(cacheKey, jwksUri);
        if (header.kid === undefined && keysFor(loaded.jwks, header.alg).length > 1) {
          throw new JwksUriError(`the JWT has no kid and several keys of the client's jwks_uri match ${header.alg}`);
        }
        try {
          return await loaded.local(header, token);
        } catch (error) {
          if (!(error instanceof errors.JWKSNoMatchingKey) || this.now() - loaded.fetchedAt < COOLDOWN_MS) throw error;
          this.cache.delete(cacheKey);
          loaded = await this.load(cacheKey, jwksUri);
          return loaded.local(header, token);
        }
      },
    };
  }

  /** After a client changed: its key sets are fetched again. */
  forget(clientId?: string): void {
    this.cache.clear(clientId === undefined ? undefined : (key) => key.startsWith(`${clientId} `));
  }

  private load(cacheKey: string, jwksUri: string): Promise<Loaded> {
    return this.cache.get(cacheKey, async () => {
      const jwks = await fetchJwks(new URL(jwksUri), this.limits);
      let local: JWTVerifyGetKey;
      try {
        local = createLocalJWKSet(jwks);
      } catch {
        throw new JwksUriError('jwks_uri document is not a JWK Set (RFC 7517 §5)');
      }
      return { jwks, local, fetchedAt: this.now() };
    });
  }
}
