import type { CertificateAuthority } from './ca';
import { formatX509Name } from './distinguished-name';
import { keyMatchesCertificate } from './keys';
import { sanKeys, type LeafProfile } from './leaf-profile';
import { validityProblem } from './renewal-policy';
import { x509 } from './x509';

export type LeafCheck = { ok: true; cert: x509.X509Certificate } | { ok: false; reason: string };

/**
 * Decides whether an existing leaf (files read from disk, undefined = missing) can be kept: it must parse,
 * have its key beside it, be signed by the current CA, be valid at `now` beyond the renewal window, and carry
 * exactly the subject, SANs and extended key usage the profile asks for.
 */
export async function checkCertificate(
  certPem: string | undefined,
  keyPem: string | undefined,
  profile: LeafProfile,
  ca: CertificateAuthority,
  now: Date,
): Promise<LeafCheck> {
  if (certPem === undefined) return { ok: false, reason: 'missing' };
  if (keyPem === undefined) return { ok: false, reason: 'key missing' };
  let cert: x509.X509Certificate;
  try {
    cert = new x509.X509Certificate(certPem);
  } catch {
    return { ok: false, reason: 'unparseable' };
  }
  if (!keyMatchesCertificate(keyPem, cert)) return { ok: false, reason: 'key does not match' };
  if (!(await issuedBy(cert, ca.cert))) return { ok: false, reason: 'not issued by the current CA' };
  const validity = validityProblem(cert, now);
  if (validity) return { ok: false, reason: validity };
  if (formatX509Name(cert.subjectName) !== profile.subject) return { ok: false, reason: 'subject changed' };
  if (!sameSans(cert, profile)) return { ok: false, reason: 'subject alternative names changed' };
  if (
    !hasOnlyUsage(cert, profile.kind === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth)
  ) {
    return { ok: false, reason: 'extended key usage changed' };
  }
  return { ok: true, cert };
}

async function issuedBy(cert: x509.X509Certificate, caCert: x509.X509Certificate): Promise<boolean> {
  if (formatX509Name(cert.issuerName) !== formatX509Name(caCert.subjectName)) return false;
  return cert.verify({ publicKey: caCert.publicKey, signatureOnly: true }).catch(() => false);
}

function sameSans(cert: x509.X509Certificate, profile: LeafProfile): boolean {
  const names = cert.getExtension(x509.SubjectAlternativeNameExtension)?.names.toJSON() ?? [];
  const dns = names.filter((n) => n.type === 'dns').map((n) => n.value);
  const ips = names.filter((n) => n.type === 'ip').map((n) => n.value);
  if (dns.length + ips.length !== names.length) return false;
  return sanKeys(dns, ips).join('\n') === sanKeys(profile.dnsNames, profile.ipAddresses).join('\n');
}

function hasOnlyUsage(cert: x509.X509Certificate, usage: string): boolean {
  const usages = cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? [];
  return usages.length === 1 && usages[0] === usage;
}
