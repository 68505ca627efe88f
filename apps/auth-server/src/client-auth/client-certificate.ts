import type { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { certificateThumbprintSha256, normalizeDn, subjectDnOf } from '@ofs/pki';
import type { Request } from 'express';

/** RFC 8705 §2: the certificate a client presented on the mutual-TLS port, if any. */
export interface PresentedCertificate {
  der: Buffer;
  /** Whether it chains to the sandbox CA (tls_client_auth needs that; self-signed ones do not). */
  chainsToTrustedCa: boolean;
  x509: X509Certificate;
  /** RFC 8705 §3.1 `x5t#S256`. */
  readonly thumbprint: string;
  /** The subject as RFC 4514 text, normalised for comparison (RFC 8705 §2.1.2 `tls_client_auth_subject_dn`). */
  readonly normalizedSubjectDn: string;
}

/**
 * One answer per TLS connection: a connection's peer certificate never changes (TLS 1.3, no renegotiation), and
 * a kept-alive connection carries many requests (a bank introspects on every call), so the certificate is read
 * and its thumbprint and subject are derived once per connection, not per request.
 */
const byConnection = new WeakMap<object, PresentedCertificate | null>();

export function presentedCertificate(req: Request): PresentedCertificate | null {
  const socket = req.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerX509Certificate !== 'function') return null;
  const known = byConnection.get(socket);
  if (known !== undefined) return known;
  const presented = fromConnection(socket as TLSSocket);
  // Before the handshake ends nothing can be known for sure: only a finished one is remembered.
  if (presented || socket.authorized !== undefined) byConnection.set(socket, presented);
  return presented;
}

function fromConnection(socket: TLSSocket): PresentedCertificate | null {
  const x509 = socket.getPeerX509Certificate();
  if (!x509 || x509.raw.length === 0) return null;
  let thumbprint: string | undefined;
  let normalizedSubjectDn: string | undefined;
  return {
    der: x509.raw,
    chainsToTrustedCa: socket.authorized === true,
    x509,
    get thumbprint() {
      return (thumbprint ??= certificateThumbprintSha256(x509.raw));
    },
    get normalizedSubjectDn() {
      return (normalizedSubjectDn ??= normalizeDn(subjectDnOf(x509.raw)));
    },
  };
}
