import { createHash } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { certificateOfConnection, presentedCertificate } from './client-certificate';

/** A TLS socket as far as the certificate reader sees it, counting how often the certificate is read. */
function socket(der: Buffer | undefined, handshake: 'done' | 'pending' = 'done') {
  const reads = { count: 0 };
  const s = {
    authorized: handshake === 'done' ? true : undefined,
    getPeerX509Certificate: () => {
      reads.count += 1;
      return der === undefined ? undefined : { raw: der };
    },
  } as unknown as Partial<TLSSocket>;
  return { s, reads };
}

describe('the client certificate of a TLS connection (RFC 8705)', () => {
  const der = Buffer.from('a certificate, as DER');
  const x5t = createHash('sha256').update(der).digest('base64url');

  it('has the RFC 8705 §3.1 thumbprint: base64url SHA-256 of the DER', () => {
    expect(presentedCertificate(der).thumbprint).toBe(x5t);
  });

  it('is read once per connection, whatever the number of requests on it', () => {
    const { s, reads } = socket(der);
    const first = certificateOfConnection(s);
    expect(certificateOfConnection(s)).toBe(first);
    expect(first?.thumbprint).toBe(x5t);
    expect(reads.count).toBe(1);
    // Another connection is read on its own.
    const other = socket(Buffer.from('another certificate'));
    expect(certificateOfConnection(other.s)?.thumbprint).not.toBe(x5t);
  });

  it('none presented: undefined, also remembered once the handshake is done', () => {
    const { s, reads } = socket(undefined);
    expect(certificateOfConnection(s)).toBeUndefined();
    expect(certificateOfConnection(s)).toBeUndefined();
    expect(reads.count).toBe(1);
  });

  it('an empty certificate counts as none; a handshake not yet finished is asked again', () => {
    expect(certificateOfConnection(socket(Buffer.alloc(0)).s)).toBeUndefined();
    const pending = socket(undefined, 'pending');
    certificateOfConnection(pending.s);
    certificateOfConnection(pending.s);
    expect(pending.reads.count).toBe(2);
  });

  it('a plain (non-TLS) socket has none', () => {
    expect(certificateOfConnection({} as Partial<TLSSocket>)).toBeUndefined();
  });
});
