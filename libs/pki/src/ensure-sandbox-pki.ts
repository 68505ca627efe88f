import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { checkCertificateAuthority, createCertificateAuthority, type CertificateAuthority } from './ca';
import { fingerprintSha256 } from './certificate-fields';
import { checkCertificate } from './check-certificate';
import { formatX509Name } from './distinguished-name';
import { issueCertificate } from './issue-certificate';
import { clientProfile, serverProfile, type LeafProfile } from './leaf-profile';
import { CERT_FILE_MODE, KEY_FILE_MODE, readIfExists, writeFileAtomic } from './pem-files';
import { withPkiLock } from './pki-lock';
import type { x509 } from './x509';

export interface ServerCertificateRequest {
  /** App name: the directory under the PKI dir, `O=<name>` and a DNS SAN (the docker service name). */
  name: string;
  /** More DNS SANs besides `localhost` and the name. */
  dnsNames?: string[];
}

export interface ClientCertificateRequest {
  /** Identity name: the directory under the PKI dir and a DNS SAN. */
  name: string;
  /** RFC 4514 subject, e.g. `CN=financroo,OU=TPP,O=Financroo,C=GB`. */
  subject: string;
}

export interface PkiRequest {
  /** Directory holding the CA and one sub-directory per name (created if missing). */
  dir: string;
  servers: readonly ServerCertificateRequest[];
  clients: readonly ClientCertificateRequest[];
  /** The time validity is judged against and new certificates start from; defaults to now. */
  now?: Date;
}

export interface CertificateFiles {
  certFile: string;
  keyFile: string;
  /** Certificate PEM. */
  cert: string;
  /** PKCS#8 private key PEM. */
  key: string;
  notAfter: Date;
  /** RFC 4514 subject, e.g. `CN=financroo,OU=TPP,O=Financroo,C=GB`. */
  subject: string;
  /** base64url SHA-256 of the certificate DER: the `x5t#S256` thumbprint. */
  fingerprintSha256: string;
}

export interface SandboxPki {
  caFile: string;
  /** CA certificate PEM, the trust anchor for every server and client certificate. */
  ca: string;
  servers: Record<string, CertificateFiles>;
  clients: Record<string, CertificateFiles>;
  /** Paths relative to the PKI directory (with `/`) written by this call; empty when everything was reused. */
  issued: string[];
}

export const CA_CERT_FILE = 'ca.pem';
export const CA_KEY_FILE = 'ca-key.pem';

/**
 * Makes sure the PKI directory holds a CA and every requested certificate, valid for more than 30 days at
 * `now`. Files that are fine are reused untouched; anything missing, unparseable, mismatched with its key,
 * near expiry, not issued by the current CA, or different from the request is (re)issued. A new CA means
 * every leaf is reissued. Files are replaced atomically, and concurrent callers on one directory take turns.
 */
export async function ensureSandboxPki(req: PkiRequest): Promise<SandboxPki> {
  const now = req.now ?? new Date();
  if (Number.isNaN(now.getTime())) throw new Error('ensureSandboxPki: `now` is an invalid date');
  const profiles = [
    ...unique(req.servers, 'server').map((s) => serverProfile(s.name, s.dnsNames)),
    ...unique(req.clients, 'client').map((c) => clientProfile(c.name, c.subject)),
  ];
  const dir = path.resolve(req.dir);
  await fs.mkdir(dir, { recursive: true });
  return withPkiLock(dir, () => ensureLocked(dir, profiles, now));
}

async function ensureLocked(dir: string, profiles: LeafProfile[], now: Date): Promise<SandboxPki> {
  const issued: string[] = [];
  const caFile = path.join(dir, CA_CERT_FILE);
  const caKeyFile = path.join(dir, CA_KEY_FILE);
  const caCheck = await checkCertificateAuthority(await readIfExists(caFile), await readIfExists(caKeyFile), now);
  let ca: CertificateAuthority;
  if (caCheck.ok) {
    ca = caCheck.ca;
  } else {
    ca = await createCertificateAuthority(now);
    // Key first: a crash in between leaves a key that doesn't match ca.pem, which the next run renews.
    await writeFileAtomic(caKeyFile, ca.keyPem, KEY_FILE_MODE);
    await writeFileAtomic(caFile, ca.certPem, CERT_FILE_MODE);
    issued.push(CA_CERT_FILE, CA_KEY_FILE);
  }

  const result: SandboxPki = { caFile, ca: ca.certPem, servers: {}, clients: {}, issued };
  for (const profile of profiles) {
    const files = await ensureLeaf(dir, profile, ca, now, !caCheck.ok, issued);
    (profile.kind === 'server' ? result.servers : result.clients)[profile.name] = files;
  }
  return result;
}

async function ensureLeaf(
  dir: string,
  profile: LeafProfile,
  ca: CertificateAuthority,
  now: Date,
  caRenewed: boolean,
  issued: string[],
): Promise<CertificateFiles> {
  const certRel = `${profile.name}/${profile.kind}.pem`;
  const keyRel = `${profile.name}/${profile.kind}-key.pem`;
  const certFile = path.join(dir, ...certRel.split('/'));
  const keyFile = path.join(dir, ...keyRel.split('/'));
  if (!caRenewed) {
    const certPem = await readIfExists(certFile);
    const keyPem = await readIfExists(keyFile);
    const check = await checkCertificate(certPem, keyPem, profile, ca, now);
    if (check.ok) return describe(certFile, keyFile, check.cert, certPem!, keyPem!);
  }
  const fresh = await issueCertificate(profile, ca, now);
  await writeFileAtomic(keyFile, fresh.keyPem, KEY_FILE_MODE);
  await writeFileAtomic(certFile, fresh.certPem, CERT_FILE_MODE);
  issued.push(certRel, keyRel);
  return describe(certFile, keyFile, fresh.cert, fresh.certPem, fresh.keyPem);
}

function describe(
  certFile: string,
  keyFile: string,
  cert: x509.X509Certificate,
  certPem: string,
  keyPem: string,
): CertificateFiles {
  return {
    certFile,
    keyFile,
    cert: certPem,
    key: keyPem,
    notAfter: cert.notAfter,
    subject: formatX509Name(cert.subjectName),
    fingerprintSha256: fingerprintSha256(cert),
  };
}

function unique<T extends { name: string }>(requests: readonly T[], kind: string): readonly T[] {
  const seen = new Set<string>();
  for (const { name } of requests) {
    if (seen.has(name)) throw new Error(`ensureSandboxPki: ${kind} certificate "${name}" is requested twice`);
    seen.add(name);
  }
  return requests;
}
