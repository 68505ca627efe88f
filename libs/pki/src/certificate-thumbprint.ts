import { fingerprintSha256 } from './certificate-fields';
import { x509 } from './x509';

/**
 * The `x5t#S256` thumbprint (base64url SHA-256 of the DER) of a certificate given as PEM or DER, e.g. the
 * peer certificate of a mutual-TLS connection (`getPeerCertificate().raw`) for RFC 8705 certificate binding.
 */
export function certificateThumbprintSha256(certificate: string | Uint8Array): string {
  const cert =
    typeof certificate === 'string'
      ? new x509.X509Certificate(certificate)
      : new x509.X509Certificate(Uint8Array.from(certificate));
  return fingerprintSha256(cert);
}
