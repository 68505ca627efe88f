import { KeyObject, createPrivateKey, createPublicKey } from 'node:crypto';
import { webcrypto, x509 } from './x509';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const EC_P256: webcrypto.EcKeyImportParams = { name: 'ECDSA', namedCurve: 'P-256' };

/** A freshly generated ECDSA P-256 key pair; the private key is extractable so it can be written out. */
export async function generateKeyPair(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']);
}

/** PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`) of a private key. */
export function privateKeyToPem(key: CryptoKey): string {
  return KeyObject.from(key).export({ type: 'pkcs8', format: 'pem' }).toString();
}

/**
 * Parses a PKCS#8 PEM ECDSA P-256 private key into a signing key. Throws when the text isn't one (wrong
 * format, other algorithm or curve, garbage).
 */
export async function importSigningKey(pem: string): Promise<CryptoKey> {
  const key = parsePrivateKey(pem);
  const der = key.export({ type: 'pkcs8', format: 'der' });
  return webcrypto.subtle.importKey('pkcs8', der, EC_P256, false, ['sign']);
}

/** Whether a PEM private key is a well-formed P-256 PKCS#8 key belonging to the certificate's public key. */
export function keyMatchesCertificate(keyPem: string, cert: x509.X509Certificate): boolean {
  try {
    const spki = createPublicKey(parsePrivateKey(keyPem)).export({ type: 'spki', format: 'der' });
    return Buffer.from(cert.publicKey.rawData).equals(spki);
  } catch {
    return false;
  }
}

function parsePrivateKey(pem: string): KeyObject {
  if (!pem.includes('-----BEGIN PRIVATE KEY-----')) throw new Error('not a PKCS#8 PEM private key');
  const key = createPrivateKey({ key: pem, format: 'pem' });
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('not an ECDSA P-256 key');
  }
  return key;
}
