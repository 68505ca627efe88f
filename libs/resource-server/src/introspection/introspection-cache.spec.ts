import { IntrospectionCache } from './introspection-cache';
import type { IntrospectionResponse } from './introspection-client';

const T0 = new Date('2026-12-01T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const active = (overrides: Partial<IntrospectionResponse> = {}): IntrospectionResponse => ({
  active: true,
  client_id: 'gobank-bank',
  scope: 'manage_consents',
  exp: T0.getTime() / 1000 + 300,
  ...overrides,
});

describe('IntrospectionCache (a few seconds, never past exp nor past a revocation made here)', () => {
  it('answers for its time to live, then forgets', () => {
    const cache = new IntrospectionCache(5_000);
    cache.set('token-a', active(), T0);
    expect(cache.get('token-a', at(4_999))).toEqual(active());
    expect(cache.get('token-a', at(5_000))).toBeUndefined();
    expect(cache.get('token-b', T0)).toBeUndefined();
  });

  it('never keeps an active answer past the token exp', () => {
    const cache = new IntrospectionCache(5_000);
    cache.set('token-a', active({ exp: T0.getTime() / 1000 + 2 }), T0);
    expect(cache.get('token-a', at(1_999))).toBeDefined();
    expect(cache.get('token-a', at(2_000))).toBeUndefined();
    cache.set('expired', active({ exp: T0.getTime() / 1000 }), T0);
    expect(cache.get('expired', T0)).toBeUndefined();
  });

  it('drops the answers of a consent whose tokens were just revoked, and only those', () => {
    const cache = new IntrospectionCache(5_000);
    cache.set('under-c1', active({ consent_id: 'c1' }), T0);
    cache.set('also-c1', active({ consent_id: 'c1' }), T0);
    cache.set('under-c2', active({ consent_id: 'c2' }), T0);
    cache.forgetConsent('c1');
    expect(cache.get('under-c1', T0)).toBeUndefined();
    expect(cache.get('also-c1', T0)).toBeUndefined();
    expect(cache.get('under-c2', T0)).toBeDefined();
  });

  it('with a time to live of 0 keeps nothing; when full, makes room', () => {
    const none = new IntrospectionCache(0);
    none.set('token-a', active(), T0);
    expect(none.get('token-a', T0)).toBeUndefined();
    const small = new IntrospectionCache(5_000, 2);
    for (const token of ['t1', 't2', 't3']) small.set(token, active(), T0);
    expect(['t1', 't2', 't3'].filter((t) => small.get(t, T0))).toEqual(['t2', 't3']);
  });
});
