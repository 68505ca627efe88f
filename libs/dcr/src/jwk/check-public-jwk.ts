// RFC 7517 §4 / RFC 7518 §6, FAPI2-SP 5.4.1-2/-3 (REG-03, JWKS-02, JWKS-04): one public key of a usable type and size.
import { importJWK, type JWK } from 'jose';
import { invalidClientMetadata } from '../metadata-check-context';
import { checkX5c } from './check-x5c';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv'];
const EC_CURVES: Readonly<Record<string, string>> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };
const MIN_RSA_BITS = 2048;
const MAX_RSA_BITS = 16384;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Throws invalid_client_metadata naming `jwks keys[index]` unless `key` is a public RSA (≥ 2048 bits), EC
 * (P-256/P-384/P-521) or OKP (Ed25519) key that jose can import. Ed448 is refused: jose 6, which verifies
 * every client signature here, cannot use it, and FAPI's EdDSA is Ed25519. The key's own `alg` (e.g. RS256
 * on the Financroo TPP's key) is not restricted here: the alg of each signature is checked where it is used.
 */
export async function checkPublicJwk(key: unknown, index: number): Promise<void> {
  const name = `jwks keys[${index}]`;
  if (typeof key !== 'object' || key === null || Array.isArray(key)) {
    throw invalidClientMetadata(`${name} must be a JSON Web Key object`);
  }
  const jwk = key as Record<string, unknown>;
  if (jwk.kty === 'oct' || PRIVATE_MEMBERS.some((member) => Object.hasOwn(jwk, member))) {
    throw invalidClientMetadata(`${name} must be a public key: private and symmetric key material is refused`);
  }
  checkOptionalMembers(jwk, name);
  const fallbackAlg = checkKeyShape(jwk, name);
  const alg = typeof jwk.alg === 'string' ? jwk.alg : fallbackAlg;
  try {
    await importJWK(jwk as JWK, alg);
  } catch (e) {
    throw invalidClientMetadata(`${name} is not a valid ${String(jwk.kty)} public key`, (e as Error).message);
  }
  if (jwk.x5c !== undefined) checkX5c(jwk, name);
}

/** Checks type, curve and size; returns an alg to import a key without its own `alg` (one fitting `use`). */
function checkKeyShape(jwk: Record<string, unknown>, name: string): string {
  const encryption = jwk.use === 'enc';
  switch (jwk.kty) {
    case 'RSA':
      requireBase64url(jwk, ['n', 'e'], name);
      checkModulusSize(jwk.n as string, name);
      return encryption ? 'RSA-OAEP-256' : 'PS256';
    case 'EC':
      if (typeof jwk.crv !== 'string' || !EC_CURVES[jwk.crv]) {
        throw invalidClientMetadata(`${name} crv must be one of ${Object.keys(EC_CURVES).join(', ')}`);
      }
      requireBase64url(jwk, ['x', 'y'], name);
      return encryption ? 'ECDH-ES' : EC_CURVES[jwk.crv]!;
    case 'OKP':
      if (jwk.crv !== 'Ed25519') throw invalidClientMetadata(`${name} crv must be Ed25519`);
      requireBase64url(jwk, ['x'], name);
      return 'Ed25519';
    default:
      throw invalidClientMetadata(`${name} kty must be RSA, EC or OKP`);
  }
}

function checkOptionalMembers(jwk: Record<string, unknown>, name: string): void {
  for (const member of ['kid', 'alg']) {
    if (jwk[member] !== undefined && (typeof jwk[member] !== 'string' || jwk[member] === '')) {
      throw invalidClientMetadata(`${name} ${member} must be a non-empty string`);
    }
  }
  if (jwk.use !== undefined && jwk.use !== 'sig' && jwk.use !== 'enc') {
    throw invalidClientMetadata(`${name} use must be sig or enc`);
  }
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.every((op) => typeof op === 'string'))) {
    throw invalidClientMetadata(`${name} key_ops must be an array of strings`);
  }
}

function requireBase64url(jwk: Record<string, unknown>, members: string[], name: string): void {
  for (const member of members) {
    const value = jwk[member];
    if (typeof value !== 'string' || !BASE64URL.test(value)) {
      throw invalidClientMetadata(`${name} ${member} must be a base64url string`);
    }
  }
}

/** RFC 7518 §6.3.1.1: `n` is the unsigned big-endian modulus; its bit length is the key size. */
function checkModulusSize(n: string, name: string): void {
  const bytes = Buffer.from(n, 'base64url');
  let first = 0;
  while (first < bytes.length && bytes[first] === 0) first++;
  const bits = first === bytes.length ? 0 : (bytes.length - first - 1) * 8 + bytes[first]!.toString(2).length;
  if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
    throw invalidClientMetadata(`${name} is a ${bits}-bit RSA key: at least ${MIN_RSA_BITS} bits are required`);
  }
}
