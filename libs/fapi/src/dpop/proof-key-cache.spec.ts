import { exportJWK, generateKeyPair } from 'jose';
import { ProofKeyCache } from './proof-key-cache';

async function publicJwk() {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { pub: await exportJWK(publicKey), priv: await exportJWK(privateKey) };
}

describe('ProofKeyCache', () => {
  it('imports a proof key once and hands the same key out again', async () => {
    const cache = new ProofKeyCache();
    const { pub } = await publicJwk();
    const first = await cache.publicKey(pub, 'ES256');
    const again = await cache.publicKey({ ...pub }, 'ES256');
    expect(first.type).toBe('public');
    expect(again).toBe(first);
    expect(cache.size).toBe(1);
  });

  it('keeps one entry per alg and per exact jwk (other members are another import)', async () => {
    const cache = new ProofKeyCache();
    const { pub } = await publicJwk();
    const plain = await cache.publicKey(pub, 'ES256');
    const withUse = await cache.publicKey({ ...pub, use: 'sig' }, 'ES256');
    expect(withUse).not.toBe(plain);
    expect(cache.size).toBe(2);
  });

  it('refuses a private key and does not remember the failure', async () => {
    const cache = new ProofKeyCache();
    const { priv } = await publicJwk();
    await expect(cache.publicKey(priv, 'ES256')).rejects.toThrow('not a public key');
    await Promise.resolve();
    expect(cache.size).toBe(0);
  });

  it('refuses a key that does not fit the alg, and forgets it', async () => {
    const cache = new ProofKeyCache();
    const { pub } = await publicJwk();
    await expect(cache.publicKey(pub, 'PS256')).rejects.toThrow();
    await Promise.resolve();
    expect(cache.size).toBe(0);
  });

  it('drops the least recently used key beyond its size', async () => {
    const cache = new ProofKeyCache(2);
    const [a, b, c] = [await publicJwk(), await publicJwk(), await publicJwk()];
    const keyA = await cache.publicKey(a.pub, 'ES256');
    await cache.publicKey(b.pub, 'ES256');
    await cache.publicKey(a.pub, 'ES256'); // a is now the most recent
    await cache.publicKey(c.pub, 'ES256'); // b goes
    expect(cache.size).toBe(2);
    expect(await cache.publicKey(a.pub, 'ES256')).toBe(keyA);
    const keyB = await cache.publicKey(b.pub, 'ES256');
    expect(keyB.type).toBe('public');
    expect(cache.size).toBe(2);
  });
});
