import { createHash } from 'node:crypto';
import type { TLSSocket } from 'node:tls';

/** The client certificate of a TLS connection (RFC 8705), with its `x5t#S256` thumbprint computed once. */
export interface PresentedCertificate {
  /** DER, as presented in the handshake. */
  readonly der: Buffer;
  /** RFC 8705 §3.1: base64url SHA-256 of the DER. */
  readonly thumbprint: string;
}

export function presentedCertificate(der: Buffer): PresentedCertificate {
  let thumbprint: string | undefined;
  return {
    der,
    get thumbprint() {
      return (thumbprint ??= createHash('sha256').update(der).digest('base64url'));
    },
  };
}

/**
 * One answer per TLS connection: its peer certificate never changes (no renegotiation), and a kept-alive
 * connection carries many requests (a bank reads the consent on every call), so it is read and hashed once.
 */
const byConnection = new WeakMap<object, PresentedCertificate | null>();

/** The certificate the client presented on this connection, if any. */
export function certificateOfConnection(socket: Partial<TLSSocket>): PresentedCertificate | undefined {
  if (typeof socket.getPeerX509Certificate !== 'function') return undefined;
  const known = byConnection.get(socket);
  if (known !== undefined) return known ?? undefined;
  // getPeerX509Certificate wraps the certificate as it is; getPeerCertificate would decode every field of it.
  const peer = socket.getPeerX509Certificate();
  const presented = peer?.raw.length ? presentedCertificate(peer.raw) : null;
  // Before the handshake ends nothing can be known for sure: only a finished one is remembered.
  if (presented || socket.authorized !== undefined) byConnection.set(socket, presented);
  return presented ?? undefined;
}
