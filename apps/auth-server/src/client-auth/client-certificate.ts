import { peerCertificateOf, type PeerCertificate } from '@ofs/pki';
import type { TLSSocket } from 'node:tls';
import type { Request } from 'express';

/** RFC 8705 §2: the certificate a client presented on the mutual-TLS port (read once per connection). */
export type PresentedCertificate = PeerCertificate;

export function presentedCertificate(req: Request): PresentedCertificate | null {
  return peerCertificateOf(req.socket as Partial<TLSSocket>) ?? null;
}
