// RFC 7517 §4.7: x5c is a chain of base64 (not base64url) DER certificates; the first one holds the JWK's key.
import { X509Certificate } from 'node:crypto';
import { invalidClientMetadata } from '../metadata-check-context';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const KEY_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e'];

export function checkX5c(jwk: Record<string, unknown>, name: string): void {
  const chain = jwk.x5c;
  if (!Array.isArray(chain) || chain.length === 0 || !chain.every((c) => typeof c === 'string' && BASE64.test(c))) {
    throw invalidClientMetadata(`${name} x5c must be a non-empty array of base64 DER certificates`);
  }
  let certificates: X509Certificate[];
  try {
    certificates = chain.map((c: string) => new X509Certificate(Buffer.from(c, 'base64')));
  } catch {
    throw invalidClientMetadata(`${name} x5c contains something that is not an X.509 certificate`);
  }
  const certificateKey = certificates[0]!.publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
  if (!KEY_MEMBERS.every((member) => certificateKey[member] === jwk[member])) {
    throw invalidClientMetadata(`${name} x5c: the first certificate's public key is not the key of the JWK`);
  }
}
