import { createHash, type X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { normalizeDn, subjectDnOf } from './distinguished-name';

/** The certificate a client presented on a mutual-TLS connection (RFC 8705), what is derived from it made once. */
export interface PeerCertificate {
  readonly der: Buffer;
  readonly x509: X509Certificate;
  /** Whether it chains to a CA the listener trusts (tls_client_auth needs that; self-signed ones do not). */
  readonly chainsToTrustedCa: boolean;
  /** RFC 8705 §3.1 `x5t#S256`: base64url SHA-256 of the DER. */
  readonly thumbprint: string;
  /** The subject as RFC 4514 text, normalised for comparison (RFC 8705 §2.1.2 `tls_client_auth_subject_dn`). */
  readonly normalizedSubjectDn: string;
}

export function peerCertificate(x509: X509Certificate, chainsToTrustedCa: boolean): PeerCertificate {
  let thumbprint: string | undefined;
  let normalizedSubjectDn: string | undefined;
  return {
    der: x509.raw,
    x509,
    chainsToTrustedCa,
    get thumbprint() {
      return (thumbprint ??= createHash('sha256').update(x509.raw).digest('base64url'));
    },
    get normalizedSubjectDn() {
      return (normalizedSubjectDn ??= normalizeDn(subjectDnOf(x509.raw)));
    },
  };
}

/**
 * One answer per TLS connection: its peer certificate never changes (TLS 1.3, no renegotiation), and a kept-alive
 * connection carries many requests (a bank introspects, and reads the consent, on every call), so the certificate
 * is read, and its thumbprint and subject derived, once per connection rather than per request.
 */
const byConnection = new WeakMap<object, PeerCertificate | null>();

/** The certificate the client presented on this connection; undefined when none (or not a TLS connection). */
export function peerCertificateOf(socket: Partial<TLSSocket>): PeerCertificate | undefined {
  if (typeof socket.getPeerX509Certificate !== 'function') return undefined;
  const known = byConnection.get(socket);
  if (known !== undefined) return known ?? undefined;
  // getPeerX509Certificate wraps the certificate as it is; getPeerCertificate would decode every field of it.
  const x509 = socket.getPeerX509Certificate();
  const presented = x509 && x509.raw.length > 0 ? peerCertificate(x509, socket.authorized === true) : null;
  // Before the handshake ends nothing can be known for sure: only a finished one is remembered.
  if (presented || socket.authorized !== undefined) byConnection.set(socket, presented);
  return presented ?? undefined;
}
