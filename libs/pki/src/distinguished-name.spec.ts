import { createHash, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { normalizeDn, parseDn } from './distinguished-name';
import { certificateThumbprintSha256, ensureSandboxPki, ensureStandardSandboxPki, subjectDnOf } from './index';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ofs-pki-dn-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('subjectDnOf', () => {
  it('returns the RFC 4514 subject of the sandbox certificates, from PEM or DER', async () => {
    const pki = await ensureStandardSandboxPki(dir);
    const financroo = pki.clients.financroo!.cert;

    expect(subjectDnOf(financroo)).toBe('CN=financroo,OU=TPP,O=Financroo,C=GB');
    expect(subjectDnOf(new X509Certificate(financroo).raw)).toBe('CN=financroo,OU=TPP,O=Financroo,C=GB');
    expect(subjectDnOf(pki.clients['consent-admin']!.cert)).toBe('CN=consent-admin,OU=Consent Storage,O=Go Bank,C=GB');
    expect(subjectDnOf(pki.servers['go-bank']!.cert)).toBe('CN=localhost,O=go-bank');
    // The encoding runs most significant first (C ... CN), as OpenSSL and other CAs write it; RFC 4514 reverses it.
    expect(new X509Certificate(financroo).subject).toBe('C=GB\nO=Financroo\nOU=TPP\nCN=financroo');
  });

  it('escapes special characters and keeps multi-valued RDNs', async () => {
    const subject = 'CN=Doe\\, John+UID=jdoe,OU=R&D,O=Acme \\"Labs\\",C=GB';
    const pki = await ensureSandboxPki({ dir, servers: [], clients: [{ name: 'acme', subject }] });
    const cert = pki.clients.acme!.cert;

    expect(subjectDnOf(cert)).toBe(subject);
    expect(pki.clients.acme!.subject).toBe(subject);
    const legacy = new X509Certificate(cert).toLegacyObject().subject as Record<string, string>;
    expect(legacy.CN).toBe('Doe, John');
    expect(legacy.O).toBe('Acme "Labs"');
  });
});

describe('parseDn / normalizeDn', () => {
  it('accepts spacing, case and hex escapes, and normalises them', () => {
    expect(normalizeDn(' cn = financroo , ou=TPP,O=Financroo,c=GB ')).toBe('CN=financroo,OU=TPP,O=Financroo,C=GB');
    expect(normalizeDn('CN=a\\2Cb,O=x')).toBe('CN=a\\,b,O=x');
    expect(normalizeDn('CN=caf\\C3\\A9')).toBe('CN=café');
    expect(normalizeDn('CN=\\😀 smile 😀,O=x')).toBe('CN=😀 smile 😀,O=x');
    expect(normalizeDn('CN=\\ padded\\ ')).toBe('CN=\\ padded\\ ');
    expect(parseDn('CN=a,O=b')).toEqual([[{ oid: '2.5.4.10', value: 'b' }], [{ oid: '2.5.4.3', value: 'a' }]]);
  });

  it('rejects malformed names', () => {
    for (const bad of ['', 'CN', 'CN=a,', 'XX=1', 'CN=', 'CN="quoted"', 'CN=a\\']) {
      expect(() => parseDn(bad)).toThrow(/Invalid distinguished name/);
    }
  });
});

describe('fingerprintSha256', () => {
  it('is the base64url SHA-256 of the DER (x5t#S256), computed independently', async () => {
    const pki = await ensureStandardSandboxPki(dir);
    for (const files of [...Object.values(pki.servers), ...Object.values(pki.clients)]) {
      const der = new X509Certificate(files.cert).raw;
      const expected = createHash('sha256').update(der).digest('base64url');
      expect(files.fingerprintSha256).toBe(expected);
      expect(certificateThumbprintSha256(files.cert)).toBe(expected);
      expect(certificateThumbprintSha256(der)).toBe(expected);
    }
  });
});
