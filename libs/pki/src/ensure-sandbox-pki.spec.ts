import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureSandboxPki, ensureStandardSandboxPki, SANDBOX_PKI_LAYOUT, subjectDnOf } from './index';
import { x509 } from './x509';

const DAY = 24 * 60 * 60 * 1000;
const SERVERS = SANDBOX_PKI_LAYOUT.servers.map((s) => s.name);
const CLIENTS = SANDBOX_PKI_LAYOUT.clients.map((c) => c.name);
const CA_FILES = ['ca.pem', 'ca-key.pem'];
const LEAF_FILES = [
  ...SERVERS.flatMap((n) => [`${n}/server.pem`, `${n}/server-key.pem`]),
  ...CLIENTS.flatMap((n) => [`${n}/client.pem`, `${n}/client-key.pem`]),
];
const ALL_FILES = [...CA_FILES, ...LEAF_FILES];
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

// Each test generates a few dozen P-256 keys and certificates: well under a second, unless the machine is busy.
jest.setTimeout(30_000);

let dir: string;
const made: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ofs-pki-'));
  made.push(d);
  return d;
}
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Every file under the directory (relative path with `/` → bytes). */
function snapshot(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else files.set(child, fs.readFileSync(path.join(root, child)));
    }
  };
  walk('');
  return files;
}

const read = (rel: string): string => fs.readFileSync(path.join(dir, rel), 'utf8');
const sorted = (values: string[]): string[] => [...values].sort();
const changedFiles = (before: Map<string, Buffer>, after: Map<string, Buffer>): string[] =>
  sorted([...after.keys()].filter((f) => !before.get(f)?.equals(after.get(f)!)));

function expectKeyMatches(keyPem: string, certPem: string): void {
  expect(keyPem.startsWith('-----BEGIN PRIVATE KEY-----\n')).toBe(true);
  const key = createPrivateKey(keyPem);
  expect(key.asymmetricKeyType).toBe('ec');
  expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  const fromKey = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const fromCert = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  expect(fromKey.equals(fromCert)).toBe(true);
}

function expectChainedTo(certPem: string, caPem: string): void {
  const cert = new X509Certificate(certPem);
  const ca = new X509Certificate(caPem);
  expect(cert.checkIssued(ca)).toBe(true);
  expect(cert.verify(ca.publicKey)).toBe(true);
}

/** Every leaf on disk is signed by the CA on disk and sits beside its own key. */
function expectConsistentOnDisk(): void {
  for (const f of LEAF_FILES.filter((f) => !f.endsWith('-key.pem'))) {
    expectChainedTo(read(f), read('ca.pem'));
    expectKeyMatches(read(f.replace(/\.pem$/, '-key.pem')), read(f));
  }
  expectKeyMatches(read('ca-key.pem'), read('ca.pem'));
}

describe('ensureSandboxPki', () => {
  it('on first run issues the CA and every certificate of the sandbox layout, and nothing else', async () => {
    const before = Date.now();
    const pki = await ensureStandardSandboxPki(dir);

    expect(sorted(pki.issued)).toEqual(sorted(ALL_FILES));
    expect(sorted([...snapshot(dir).keys()])).toEqual(sorted(ALL_FILES)); // no temp or lock files left behind
    expect(pki.caFile).toBe(path.join(dir, 'ca.pem'));
    expect(pki.ca).toBe(read('ca.pem'));
    expect(Object.keys(pki.servers).sort()).toEqual([...SERVERS].sort());
    expect(Object.keys(pki.clients).sort()).toEqual([...CLIENTS].sort());
    expectConsistentOnDisk();

    const ca = new X509Certificate(pki.ca);
    expect(ca.ca).toBe(true);
    expect(subjectDnOf(pki.ca)).toBe('CN=Open Finance Sandbox CA,O=Open Finance Sandbox');
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(Date.parse(ca.validTo) - before).toBeGreaterThan(3649 * DAY);
    const caX509 = new x509.X509Certificate(pki.ca);
    const basic = caX509.getExtension(x509.BasicConstraintsExtension)!;
    expect([basic.ca, basic.pathLength, basic.critical]).toEqual([true, 0, true]);
    const caUsage = caX509.getExtension(x509.KeyUsagesExtension)!;
    expect(caUsage.critical).toBe(true);
    expect(caUsage.usages).toBe(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
    const caKeyId = caX509.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId;
    expect(caKeyId).toMatch(/^[0-9a-f]{40}$/);

    for (const name of SERVERS) {
      const files = pki.servers[name]!;
      expect(files.certFile).toBe(path.join(dir, name, 'server.pem'));
      expect(files.keyFile).toBe(path.join(dir, name, 'server-key.pem'));
      expect(files.cert).toBe(read(`${name}/server.pem`));
      expect(files.key).toBe(read(`${name}/server-key.pem`));
      const cert = new X509Certificate(files.cert);
      expect(files.subject).toBe(`CN=localhost,O=${name}`);
      expect(cert.checkHost('localhost')).toBe('localhost');
      expect(cert.checkHost(name)).toBe(name);
      expect(cert.checkHost('example.com')).toBeUndefined();
      expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
      expect(cert.checkIP('::1')).toBe('::1');
      expect(cert.keyUsage).toEqual([SERVER_AUTH]);
      expect(cert.ca).toBe(false);
      expect(files.notAfter.getTime()).toBe(Date.parse(cert.validTo));
      expect(Date.parse(cert.validTo) - before).toBeGreaterThanOrEqual(396 * DAY);
      expect(Date.parse(cert.validTo) - before).toBeLessThanOrEqual(398 * DAY);
      const serial = Buffer.from(cert.serialNumber, 'hex');
      expect(serial.length).toBeGreaterThanOrEqual(8);
      expect(serial[0]! & 0x80).toBe(0); // positive
      const leaf = new x509.X509Certificate(files.cert);
      const usage = leaf.getExtension(x509.KeyUsagesExtension)!;
      expect([usage.usages, usage.critical]).toEqual([x509.KeyUsageFlags.digitalSignature, true]);
      expect(leaf.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId).toBe(caKeyId);
    }

    for (const { name, subject } of SANDBOX_PKI_LAYOUT.clients) {
      const files = pki.clients[name]!;
      expect(files.certFile).toBe(path.join(dir, name, 'client.pem'));
      expect(files.keyFile).toBe(path.join(dir, name, 'client-key.pem'));
      expect(files.subject).toBe(subject);
      const cert = new X509Certificate(files.cert);
      expect(cert.keyUsage).toEqual([CLIENT_AUTH]);
      expect(cert.subjectAltName).toBe(`DNS:${name}`);
    }
    // Serial numbers are random, hence distinct.
    const serials = LEAF_FILES.filter((f) => !f.endsWith('-key.pem')).map(
      (f) => new X509Certificate(read(f)).serialNumber,
    );
    expect(new Set(serials).size).toBe(serials.length);
  });

  it('writes private keys readable by the owner only', async () => {
    if (process.platform === 'win32') return;
    await ensureStandardSandboxPki(dir);
    for (const f of ALL_FILES.filter((f) => f.endsWith('-key.pem'))) {
      expect((fs.statSync(path.join(dir, f)).mode & 0o777).toString(8)).toBe('600');
    }
    expect(fs.statSync(path.join(dir, 'ca.pem')).mode & 0o077).not.toBe(0o077); // certificates are public
  });

  it('reuses everything on the next run: same bytes, nothing issued', async () => {
    const now = new Date();
    const first = await ensureStandardSandboxPki(dir, now);
    const before = snapshot(dir);

    const second = await ensureStandardSandboxPki(dir, new Date(now.getTime() + 300 * DAY));

    expect(second.issued).toEqual([]);
    expect(changedFiles(before, snapshot(dir))).toEqual([]);
    expect(second).toEqual({ ...first, issued: [] });
  });

  it('reissues only the leaf whose key file was deleted', async () => {
    await ensureStandardSandboxPki(dir);
    const oldCert = read('go-bank/server.pem');
    const before = snapshot(dir);
    fs.rmSync(path.join(dir, 'go-bank/server-key.pem'));

    const pki = await ensureStandardSandboxPki(dir);

    expect(sorted(pki.issued)).toEqual(['go-bank/server-key.pem', 'go-bank/server.pem']);
    expect(changedFiles(before, snapshot(dir))).toEqual(['go-bank/server-key.pem', 'go-bank/server.pem']);
    expect(read('go-bank/server.pem')).not.toBe(oldCert);
    expect(pki.servers['go-bank']!.cert).toBe(read('go-bank/server.pem'));
    expectConsistentOnDisk();
  });

  it('reissues a leaf whose key file holds another key', async () => {
    await ensureStandardSandboxPki(dir);
    fs.copyFileSync(path.join(dir, 'financroo/client-key.pem'), path.join(dir, 'go-bank/client-key.pem'));

    const pki = await ensureStandardSandboxPki(dir);

    expect(sorted(pki.issued)).toEqual(['go-bank/client-key.pem', 'go-bank/client.pem']);
    expectConsistentOnDisk();
  });

  it('reissues a leaf whose certificate file is unparseable', async () => {
    await ensureStandardSandboxPki(dir);
    fs.writeFileSync(path.join(dir, 'hyperscale-bank/server.pem'), '-----BEGIN CERTIFICATE-----\nbroken\n');

    const pki = await ensureStandardSandboxPki(dir);

    expect(sorted(pki.issued)).toEqual(['hyperscale-bank/server-key.pem', 'hyperscale-bank/server.pem']);
    expectConsistentOnDisk();
  });

  it('renews every leaf, but not the CA, once the leaves are within 30 days of expiry', async () => {
    const start = new Date();
    await ensureStandardSandboxPki(dir, start);
    const before = snapshot(dir);
    const later = new Date(start.getTime() + 380 * DAY);

    const pki = await ensureStandardSandboxPki(dir, later);

    expect(sorted(pki.issued)).toEqual(sorted(LEAF_FILES));
    expect(changedFiles(before, snapshot(dir))).toEqual(sorted(LEAF_FILES));
    expectConsistentOnDisk();
    const renewed = new X509Certificate(pki.servers['auth-server']!.cert);
    expect(Date.parse(renewed.validTo) - later.getTime()).toBeGreaterThan(396 * DAY);
    // ...and the renewed set is stable again.
    expect((await ensureStandardSandboxPki(dir, later)).issued).toEqual([]);
  });

  it('renews the CA and therefore every leaf when the CA is within 30 days of expiry', async () => {
    const start = new Date();
    await ensureStandardSandboxPki(dir, start);
    const before = snapshot(dir);
    const oldCa = read('ca.pem');

    const pki = await ensureStandardSandboxPki(dir, new Date(start.getTime() + 3640 * DAY));

    expect(sorted(pki.issued)).toEqual(sorted(ALL_FILES));
    expect(changedFiles(before, snapshot(dir))).toEqual(sorted(ALL_FILES));
    expect(read('ca.pem')).not.toBe(oldCa);
    expectConsistentOnDisk();
  });

  it('reissues everything when ca.pem is deleted', async () => {
    await ensureStandardSandboxPki(dir);
    const before = snapshot(dir);
    fs.rmSync(path.join(dir, 'ca.pem'));

    const pki = await ensureStandardSandboxPki(dir);

    expect(sorted(pki.issued)).toEqual(sorted(ALL_FILES));
    expect(changedFiles(before, snapshot(dir))).toEqual(sorted(ALL_FILES));
    expectConsistentOnDisk();
  });

  it('reissues a leaf signed by a different CA', async () => {
    const other = tempDir();
    await ensureStandardSandboxPki(other);
    await ensureStandardSandboxPki(dir);
    for (const f of ['financroo/client.pem', 'financroo/client-key.pem']) {
      fs.copyFileSync(path.join(other, f), path.join(dir, f));
    }
    expect(() => expectChainedTo(read('financroo/client.pem'), read('ca.pem'))).toThrow();

    const pki = await ensureStandardSandboxPki(dir);

    expect(sorted(pki.issued)).toEqual(['financroo/client-key.pem', 'financroo/client.pem']);
    expectConsistentOnDisk();
  });

  it('reissues a certificate when the requested names or subject change, not when only the spelling does', async () => {
    const request = {
      dir,
      servers: [{ name: 'go-bank' }],
      clients: [{ name: 'financroo', subject: 'CN=financroo,OU=TPP,O=Financroo,C=GB' }],
    };
    await ensureSandboxPki(request);

    const sameButSpaced = await ensureSandboxPki({
      ...request,
      clients: [{ name: 'financroo', subject: 'cn=financroo, ou=TPP, o=Financroo, c=GB' }],
    });
    expect(sameButSpaced.issued).toEqual([]);

    const moreNames = await ensureSandboxPki({
      ...request,
      servers: [{ name: 'go-bank', dnsNames: ['Bank.Example'] }],
    });
    expect(sorted(moreNames.issued)).toEqual(['go-bank/server-key.pem', 'go-bank/server.pem']);
    expect(new X509Certificate(moreNames.servers['go-bank']!.cert).checkHost('bank.example')).toBe('bank.example');

    const newSubject = await ensureSandboxPki({
      ...request,
      servers: [{ name: 'go-bank', dnsNames: ['bank.example'] }],
      clients: [{ name: 'financroo', subject: 'CN=financroo,OU=TPP,O=Financroo Ltd,C=GB' }],
    });
    expect(sorted(newSubject.issued)).toEqual(['financroo/client-key.pem', 'financroo/client.pem']);
    expect(subjectDnOf(read('financroo/client.pem'))).toBe('CN=financroo,OU=TPP,O=Financroo Ltd,C=GB');
  });

  it('lets concurrent callers on one directory end up with one consistent set', async () => {
    const results = await Promise.all([
      ensureStandardSandboxPki(dir),
      ensureStandardSandboxPki(dir),
      ensureStandardSandboxPki(dir),
    ]);

    const ca = read('ca.pem');
    for (const r of results) {
      expect(r.ca).toBe(ca);
      for (const name of SERVERS) expect(r.servers[name]!.cert).toBe(read(`${name}/server.pem`));
    }
    expect(sorted(results.flatMap((r) => r.issued))).toEqual(sorted(ALL_FILES)); // issued once, by one caller
    expectConsistentOnDisk();
  });

  it('proceeds past a lock file left behind by a crashed process', async () => {
    const lock = path.join(dir, '.lock');
    fs.writeFileSync(lock, '12345\n');
    const old = new Date(Date.now() - 5 * 60 * 1000);
    fs.utimesSync(lock, old, old);

    const pki = await ensureStandardSandboxPki(dir);

    expect(sorted(pki.issued)).toEqual(sorted(ALL_FILES));
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('creates the directory recursively', async () => {
    const nested = path.join(dir, 'a', 'b', 'pki');
    const pki = await ensureStandardSandboxPki(nested);
    expect(fs.readFileSync(path.join(nested, 'ca.pem'), 'utf8')).toBe(pki.ca);
  });

  it('rejects names that are not safe directory and DNS names, and duplicates, before writing anything', async () => {
    for (const name of ['../escape', 'a/b', '', 'UPPER', '.hidden']) {
      await expect(ensureSandboxPki({ dir, servers: [{ name }], clients: [] })).rejects.toThrow(
        /Invalid certificate name/,
      );
    }
    await expect(
      ensureSandboxPki({ dir, servers: [{ name: 'x', dnsNames: ['bad name'] }], clients: [] }),
    ).rejects.toThrow(/Invalid DNS name/);
    await expect(ensureSandboxPki({ dir, servers: [{ name: 'x' }, { name: 'x' }], clients: [] })).rejects.toThrow(
      /twice/,
    );
    await expect(ensureSandboxPki({ dir, servers: [], clients: [{ name: 'x', subject: 'NOPE=1' }] })).rejects.toThrow(
      /Invalid distinguished name/,
    );
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
