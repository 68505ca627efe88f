import { certificatePem, randomSerialNumber } from './certificate-fields';
import { formatX509Name, normalizeDn, toX509Name } from './distinguished-name';
import { generateKeyPair, importSigningKey, keyMatchesCertificate, privateKeyToPem } from './keys';
import { addDays, BACKDATE_MS, validityProblem } from './renewal-policy';
import { type webcrypto, x509 } from './x509';

export const CA_SUBJECT = 'CN=Open Finance Sandbox CA,O=Open Finance Sandbox';
export const CA_VALIDITY_DAYS = 3650;

/** The sandbox CA: its certificate, the PEM texts as on disk, and the key that signs leaves. */
export interface CertificateAuthority {
  cert: x509.X509Certificate;
  certPem: string;
  keyPem: string;
  signingKey: webcrypto.CryptoKey;
}

export type CaCheck = { ok: true; ca: CertificateAuthority } | { ok: false; reason: string };

/** A new self-signed CA valid for ten years from `now`. */
export async function createCertificateAuthority(now: Date): Promise<CertificateAuthority> {
  const keys = await generateKeyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerialNumber(),
    name: toX509Name(CA_SUBJECT),
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: addDays(now, CA_VALIDITY_DAYS),
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, certPem: certificatePem(cert), keyPem: privateKeyToPem(keys.privateKey), signingKey: keys.privateKey };
}

/**
 * Checks the CA files read from disk (undefined = missing): the certificate must parse, be our self-signed
 * CA, be valid at `now` for more than the renewal window, and the key must be its P-256 PKCS#8 key.
 */
export async function checkCertificateAuthority(
  certPem: string | undefined,
  keyPem: string | undefined,
  now: Date,
): Promise<CaCheck> {
  if (certPem === undefined) return { ok: false, reason: 'missing' };
  if (keyPem === undefined) return { ok: false, reason: 'key missing' };
  let cert: x509.X509Certificate;
  try {
    cert = new x509.X509Certificate(certPem);
  } catch {
    return { ok: false, reason: 'unparseable' };
  }
  if (formatX509Name(cert.subjectName) !== normalizeDn(CA_SUBJECT)) return { ok: false, reason: 'unexpected subject' };
  if (!cert.getExtension(x509.BasicConstraintsExtension)?.ca) return { ok: false, reason: 'not a CA certificate' };
  if (!(await cert.verify({ signatureOnly: true }).catch(() => false)))
    return { ok: false, reason: 'bad self-signature' };
  const validity = validityProblem(cert, now);
  if (validity) return { ok: false, reason: validity };
  if (!keyMatchesCertificate(keyPem, cert)) return { ok: false, reason: 'key does not match' };
  const signingKey = await importSigningKey(keyPem);
  return { ok: true, ca: { cert, certPem, keyPem, signingKey } };
}
