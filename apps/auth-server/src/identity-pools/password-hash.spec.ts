import { dummyPasswordHash, hashPassword, verifyPassword } from './password-hash';

describe('scrypt password hashes', () => {
  const cost = 10;

  it('verifies the right password, refuses a wrong one, and salts every hash', async () => {
    const fallback = await dummyPasswordHash(cost);
    const a = await hashPassword('p@ssword!', cost);
    const b = await hashPassword('p@ssword!', cost);
    expect(a).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('p@ssword!', a, fallback)).toBe(true);
    expect(await verifyPassword('p@ssword?', a, fallback)).toBe(false);
    expect(await verifyPassword('', a, fallback)).toBe(false);
  });

  it('verifies at the cost the hash was made with, whatever the current setting', async () => {
    const older = await hashPassword('secret', 11);
    expect(await verifyPassword('secret', older, await dummyPasswordHash(cost))).toBe(true);
  });

  it.each([
    ['no stored hash (unknown user)', null],
    ['a malformed stored hash', '$scrypt$ln=10$nope'],
    ['another algorithm', '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA'],
  ])('refuses with %s, even for the fallback’s own password', async (_case, stored) => {
    const fallback = await hashPassword('guess', cost);
    expect(await verifyPassword('guess', stored, fallback)).toBe(false);
  });
});
