import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '@ofs/platform';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A stored value could not be decrypted: another key, or the row was altered. */
export class SecretBoxError extends Error {
  constructor(readonly purpose: string) {
    super(`the encrypted ${purpose} could not be decrypted (wrong FINANCROO_ENCRYPTION_KEY, or altered data)`);
    this.name = 'SecretBoxError';
  }
}

/**
 * AES-256-GCM (NIST SP 800-38D) for Financroo's secrets at rest: private keys, registration access tokens,
 * access and refresh tokens. Each value gets a fresh 96-bit IV; the purpose (e.g. `refresh_token:gobank:test`)
 * is the additional authenticated data, so a ciphertext moved to another row or column does not decrypt.
 * Stored as `v1.<iv>.<ciphertext>.<tag>` (base64url).
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new TypeError('SecretBox needs a 32-byte key');
    this.key = Buffer.from(key);
  }

  seal(plaintext: string, purpose: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, body, cipher.getAuthTag()]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  open(sealed: string, purpose: string): string {
    const [version, iv, body, tag, ...rest] = sealed.split('.');
    if (version !== VERSION || iv === undefined || body === undefined || tag === undefined || rest.length)
      throw new SecretBoxError(purpose);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(purpose, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError(purpose);
    }
  }
}

/** The key file financroo keeps under the data folder when FINANCROO_ENCRYPTION_KEY is not set. */
export function encryptionKeyFile(dataDir: string): string {
  return path.join(dataDir, 'financroo', 'encryption.key');
}

/**
 * FINANCROO_ENCRYPTION_KEY (64 hex digits or base64url of 32 bytes) when set; otherwise the sandbox's own key
 * in `<data>/financroo/encryption.key`, generated on first start (mode 0600) and reused after.
 */
export function resolveEncryptionKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured) return decodeKey(configured, 'FINANCROO_ENCRYPTION_KEY');
  const file = encryptionKeyFile(dataDir);
  if (existsSync(file)) return decodeKey(readFileSync(file, 'utf8').trim(), file);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  try {
    writeFileSync(file, `${key.toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    // Another process wrote it first: use theirs.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return decodeKey(readFileSync(file, 'utf8').trim(), file);
    throw e;
  }
  return key;
}

function decodeKey(value: string, source: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64url');
  if (key.length !== 32 || !/^([0-9a-fA-F]{64}|[A-Za-z0-9_-]{43}=?)$/.test(value))
    throw new ConfigError([`${source} must hold a 32-byte key as 64 hex digits or 43 base64url characters`]);
  return key;
}
