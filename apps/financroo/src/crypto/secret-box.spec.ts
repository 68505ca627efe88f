import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { encryptionKeyFile, resolveEncryptionKey, SecretBox, SecretBoxError } from './secret-box';

describe('SecretBox (AES-256-GCM at rest)', () => {
  const box = new SecretBox(randomBytes(32));

  it('seals to v1.<iv>.<ciphertext>.<tag> without the plaintext, a fresh IV each time, and opens it again', () => {
    const sealed = box.seal('refresh-token-value', 'refresh_token:gobank:test');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(sealed).not.toContain('refresh-token-value');
    expect(box.seal('refresh-token-value', 'refresh_token:gobank:test')).not.toBe(sealed);
    expect(box.open(sealed, 'refresh_token:gobank:test')).toBe('refresh-token-value');
  });

  it.each([
    ['another purpose (a value moved to another row or column)', (s: string) => s, 'refresh_token:gobank:other'],
    ['a changed ciphertext', (s: string) => s.replace(/\.(.)/, (_m, c: string) => `.${c === 'A' ? 'B' : 'A'}`), 'p'],
    ['a changed tag', (s: string) => s.slice(0, -2) + (s.endsWith('AA') ? 'BB' : 'AA'), 'p'],
    ['not the format', () => 'plain-token', 'p'],
  ])('refuses %s', (_name, change, purpose) => {
    const sealed = box.seal('secret', 'p');
    expect(() => box.open(change(sealed), purpose)).toThrow(SecretBoxError);
  });

  it('refuses a value sealed with another key', () => {
    expect(() => new SecretBox(randomBytes(32)).open(box.seal('secret', 'p'), 'p')).toThrow(
      'the encrypted p could not be decrypted (wrong FINANCROO_ENCRYPTION_KEY, or altered data)',
    );
  });

  it('needs a 32-byte key', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(TypeError);
  });
});

describe('the encryption key', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'financroo-key-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('FINANCROO_ENCRYPTION_KEY as hex or base64url', () => {
    const key = randomBytes(32);
    expect(resolveEncryptionKey(key.toString('hex'), dir).equals(key)).toBe(true);
    expect(resolveEncryptionKey(key.toString('base64url'), dir).equals(key)).toBe(true);
  });

  it('without it: generated once under the data folder (mode 0600), the same key after a restart', () => {
    const first = resolveEncryptionKey(undefined, dir);
    const file = encryptionKeyFile(dir);
    expect(file).toBe(path.join(dir, 'financroo', 'encryption.key'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.toString('base64url'));
    expect(resolveEncryptionKey(undefined, dir).equals(first)).toBe(true);
  });
});
