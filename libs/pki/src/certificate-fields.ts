import { createHash, randomBytes } from 'node:crypto';
import type { x509 } from './x509';

/**
 * A random positive serial number of 127 bits, as hex: the top bit is cleared (DER integers are signed) and
 * the next one set, so the encoding is always 16 bytes with no leading zero to strip.
 */
export function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x40;
  return bytes.toString('hex');
}

/** PEM text of a certificate, newline-terminated. */
export function certificatePem(cert: x509.X509Certificate): string {
  const pem = cert.toString('pem').replace(/\r\n/g, '\n');
  return pem.endsWith('\n') ? pem : `${pem}\n`;
}

/** base64url SHA-256 of the certificate's DER encoding: the `x5t#S256` thumbprint (RFC 8705). */
export function fingerprintSha256(cert: x509.X509Certificate): string {
  return createHash('sha256').update(Buffer.from(cert.rawData)).digest('base64url');
}
