// RFC 9449 §4.2: the client side of DPoP: one key pair, a fresh proof per request.
import { createHash, randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export interface DpopProofRequest {
  htm: string;
  /** The request URL; query and fragment are dropped (§4.2 htu). */
  htu: string;
  /** At a resource server: the access token, for `ath`. */
  accessToken?: string;
  /** The server's last `DPoP-Nonce`. */
  nonce?: string;
}

/** Signs DPoP proofs with one ES256 key; `jkt` is what tokens bound to it carry in `cnf`. */
export class DpopProofSigner {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicJwk: JWK,
    readonly jkt: string,
  ) {}

  static async generate(): Promise<DpopProofSigner> {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const publicJwk = await exportJWK(publicKey);
    return new DpopProofSigner(privateKey, publicJwk, await calculateJwkThumbprint(publicJwk));
  }

  proof(req: DpopProofRequest, now: Date = new Date()): Promise<string> {
    const url = new URL(req.htu);
    const claims: Record<string, unknown> = {
      jti: randomUUID(),
      htm: req.htm,
      htu: `${url.origin}${url.pathname}`,
      iat: Math.floor(now.getTime() / 1000),
    };
    if (req.accessToken !== undefined) {
      claims.ath = createHash('sha256').update(req.accessToken, 'ascii').digest('base64url');
    }
    if (req.nonce !== undefined) claims.nonce = req.nonce;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: this.publicJwk })
      .sign(this.privateKey);
  }
}
