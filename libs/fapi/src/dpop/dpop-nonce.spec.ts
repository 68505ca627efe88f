import { DpopNonceService } from './dpop-nonce';

const SECRET = 'a-dpop-nonce-secret-of-at-least-32-bytes';
const T0 = new Date('2026-09-01T10:00:00Z'); // a multiple of 120 s since the epoch
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe('DpopNonceService: RFC 9449 §8-9 stateless server nonces (TOKEN-18, RS-08)', () => {
  const service = new DpopNonceService({ secret: SECRET, windowSec: 120 });

  it('issues 1*NQCHAR nonces (RFC 9449 §8.1)', () => {
    expect(service.fresh(T0)).toMatch(/^[\x21\x23-\x5b\x5d-\x7e]+$/);
  });

  it.each([
    ['same moment', 0, 0, true],
    ['later in the same window', 0, 119, true],
    ['in the next window', 0, 120, true],
    ['at the end of the next window', 0, 239, true],
    ['two windows later (stale)', 0, 240, false],
    ['from a later window (not yet issued)', 120, 0, false],
  ])('a nonce issued then checked %s → %p', (_name, issuedAt, checkedAt, valid) => {
    expect(service.isValid(service.fresh(at(issuedAt)), at(checkedAt))).toBe(valid);
  });

  it('refuses nonces of another secret and garbage', () => {
    const other = new DpopNonceService({ secret: SECRET + '!', windowSec: 120 });
    expect(service.isValid(other.fresh(T0), T0)).toBe(false);
    expect(service.isValid('', T0)).toBe(false);
    expect(service.isValid(service.fresh(T0) + 'x', T0)).toBe(false);
  });

  it('is required by default and refuses weak configuration', () => {
    expect(service.required).toBe(true);
    expect(new DpopNonceService({ secret: SECRET, required: false }).required).toBe(false);
    expect(() => new DpopNonceService({ secret: 'short' })).toThrow(TypeError);
    expect(() => new DpopNonceService({ secret: SECRET, windowSec: 0 })).toThrow(TypeError);
  });
});
