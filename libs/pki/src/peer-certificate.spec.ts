import { createHash, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { ensureStandardSandboxPki } from './sandbox-layout';
import { peerCertificateOf } from './peer-certificate';

/** A TLS socket as far as the certificate reader sees it, counting how often the certificate is read. */
function socket(cert: X509Certificate | undefined, handshake: 'done' | 'pending' = 'done') {
  const reads = { count: 0 };
  const s = {
    authorized: handshake === 'done' ? true : undefined,
    getPeerX509Certificate: () => {
      reads.count += 1;
      return cert;
    },
  } as unknown as Partial<TLSSocket>;
  return { s, reads };
}

describe('the client certificate of a TLS connection (RFC 8705)', () => {
  let dir: string;
  let financroo: X509Certificate;
  let goBank: X509Certificate;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ofs-pki-peer-'));
    const pki = await ensureStandardSandboxPki(dir);
    financroo = new X509Certificate(pki.clients.financroo!.cert);
    goBank = new X509Certificate(pki.clients['go-bank']!.cert);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('has the RFC 8705 §3.1 thumbprint (base64url SHA-256 of the DER), the normalised subject and the chain verdict', () => {
    const presented = peerCertificateOf(socket(financroo).s)!;
    expect(presented.der).toEqual(financroo.raw);
    expect(presented.thumbprint).toBe(createHash('sha256').update(financroo.raw).digest('base64url'));
    expect(presented.normalizedSubjectDn).toBe('CN=financroo,OU=TPP,O=Financroo,C=GB');
    expect(presented.chainsToTrustedCa).toBe(true);
  });

  it('is read once per connection, whatever the number of requests on it', () => {
    const { s, reads } = socket(financroo);
    const first = peerCertificateOf(s);
    expect(peerCertificateOf(s)).toBe(first);
    expect(reads.count).toBe(1);
    // Another connection is read on its own.
    expect(peerCertificateOf(socket(goBank).s)?.thumbprint).not.toBe(first?.thumbprint);
  });

  it('none presented: undefined, also remembered once the handshake is done', () => {
    const { s, reads } = socket(undefined);
    expect(peerCertificateOf(s)).toBeUndefined();
    expect(peerCertificateOf(s)).toBeUndefined();
    expect(reads.count).toBe(1);
  });

  it('a handshake not yet finished is asked again; a plain (non-TLS) socket has none', () => {
    const pending = socket(undefined, 'pending');
    peerCertificateOf(pending.s);
    peerCertificateOf(pending.s);
    expect(pending.reads.count).toBe(2);
    expect(peerCertificateOf({} as Partial<TLSSocket>)).toBeUndefined();
  });
});
