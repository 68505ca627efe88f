import type { CertificateAuthority } from './ca';
import { certificatePem, randomSerialNumber } from './certificate-fields';
import { toX509Name } from './distinguished-name';
import { generateKeyPair, privateKeyToPem } from './keys';
import type { LeafProfile } from './leaf-profile';
import { addDays, BACKDATE_MS } from './renewal-policy';
import { x509 } from './x509';

/** Leaf certificates live 397 days, the longest lifetime browsers accept for TLS server certificates. */
export const LEAF_VALIDITY_DAYS = 397;

export interface IssuedCertificate {
  cert: x509.X509Certificate;
  certPem: string;
  keyPem: string;
}

/** Issues a leaf certificate with a new P-256 key, signed by the CA; it never outlives the CA. */
export async function issueCertificate(
  profile: LeafProfile,
  ca: CertificateAuthority,
  now: Date,
): Promise<IssuedCertificate> {
  const keys = await generateKeyPair();
  const notAfter = addDays(now, LEAF_VALIDITY_DAYS);
  const usage = profile.kind === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialNumber(),
    subject: toX509Name(profile.subject),
    issuer: ca.cert.subjectName,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: notAfter.getTime() < ca.cert.notAfter.getTime() ? notAfter : ca.cert.notAfter,
    publicKey: keys.publicKey,
    signingKey: ca.signingKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([usage]),
      new x509.SubjectAlternativeNameExtension([
        ...profile.dnsNames.map((value) => ({ type: 'dns' as const, value })),
        ...profile.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await authorityKeyIdentifier(ca.cert),
    ],
  });
  return { cert, certPem: certificatePem(cert), keyPem: privateKeyToPem(keys.privateKey) };
}

async function authorityKeyIdentifier(caCert: x509.X509Certificate): Promise<x509.AuthorityKeyIdentifierExtension> {
  const ski = caCert.getExtension(x509.SubjectKeyIdentifierExtension);
  return ski
    ? new x509.AuthorityKeyIdentifierExtension(ski.keyId)
    : x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey);
}
