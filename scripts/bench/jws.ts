import { createHash, generateKeyPairSync, randomUUID, sign, type JsonWebKey, type KeyObject } from 'node:crypto';

/** An ES256 key pair; signing goes through node:crypto directly (cheaper than WebCrypto for the bench). */
export interface Es256Key {
  privateKey: KeyObject;
  /** The public JWK (kty, crv, x, y only). */
  publicJwk: JsonWebKey;
  /** RFC 7638 thumbprint, also used as kid. */
  thumbprint: string;
}

export function generateEs256Key(): Es256Key {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
  const publicJwk = { kty, crv, x, y };
  const thumbprint = createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest('base64url');
  return { privateKey, publicJwk, thumbprint };
}

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Compact JWS, ES256 (the signature in IEEE P1363 form, as JWS requires). */
export function signEs256(header: Record<string, unknown>, payload: Record<string, unknown>, key: Es256Key): string {
  const input = `${base64url({ alg: 'ES256', ...header })}.${base64url(payload)}`;
  const signature = sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** RFC 7523 private_key_jwt assertion: iss = sub = client_id, aud = the issuer, a new jti every time. */
export function clientAssertion(clientId: string, key: Es256Key, issuer: string): string {
  const now = Math.floor(Date.now() / 1000);
  return signEs256(
    { kid: key.thumbprint },
    { iss: clientId, sub: clientId, aud: issuer, jti: randomUUID(), iat: now, exp: now + 60 },
    key,
  );
}

/** The client authentication parameters of a form. */
export function clientAuth(clientId: string, key: Es256Key, issuer: string): Record<string, string> {
  return { client_assertion_type: JWT_BEARER, client_assertion: clientAssertion(clientId, key, issuer) };
}

/** RFC 9449 §4.2 DPoP proof. */
export function dpopProof(key: Es256Key, htm: string, htu: string, nonce: string | undefined): string {
  const payload: Record<string, unknown> = { jti: randomUUID(), htm, htu, iat: Math.floor(Date.now() / 1000) };
  if (nonce !== undefined) payload.nonce = nonce;
  return signEs256({ typ: 'dpop+jwt', jwk: key.publicJwk }, payload, key);
}

/** RFC 7636 S256 code challenge of a verifier. */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}
