import type { TLSSocket } from 'node:tls';
import type { Request } from 'express';

/** RFC 8705 §2: the certificate a client presented on the mutual-TLS port, if any. */
export interface PresentedCertificate {
  der: Buffer;
  /** Whether it chains to the sandbox CA (tls_client_auth needs that; self-signed ones do not). */
  chainsToTrustedCa: boolean;
}

export function presentedCertificate(req: Request): PresentedCertificate | null {
  const socket = req.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate !== 'function') return null;
  const cert = socket.getPeerCertificate(false);
  if (!cert || !cert.raw || cert.raw.length === 0) return null;
  return { der: cert.raw, chainsToTrustedCa: socket.authorized === true };
}
