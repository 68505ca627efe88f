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

describe('IntrospectionCache (a few seconds, never past exp, never for a token of a consent)', () => {
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

  it('never keeps the answer of a token issued under a consent (its revocation, by any process, bites at once)', () => {
    const cache = new IntrospectionCache(5_000);
    cache.set('under-c1', active({ consent_id: 'c1' }), T0);
    cache.set('system-token', active(), T0);
    expect(cache.get('under-c1', T0)).toBeUndefined();
    expect(cache.get('system-token', T0)).toBeDefined();
  });

  it('with a time to live of 0 keeps nothing; when full, makes room', () => {
    const none = new IntrospectionCache(0);
    none.set('token-a', active(), T0);
    expect(none.get('token-a', T0)).toBeUndefined();
    const small = new IntrospectionCache(5_000, 2);
    for (const token of ['t1', 't2', 't3']) small.set(token, active(), T0);
    expect(['t1', 't2', 't3'].filter((t) => small.get(t, T0))).toEqual(['t2', 't3']);
  });

  describe('answer: one question for the requests that want the same answer at the same time', () => {
    /** An introspection that answers when told to, counting how often it was asked. */
    function authorizationServer(result: IntrospectionResponse | Error) {
      const pending: Array<() => void> = [];
      let asked = 0;
      return {
        introspect: () => {
          asked++;
          return new Promise<IntrospectionResponse>((resolve, reject) =>
            pending.push(() => (result instanceof Error ? reject(result) : resolve(result))),
          );
        },
        answerAll: () => pending.splice(0).forEach((answer) => answer()),
        asked: () => asked,
      };
    }
    const settled = () => new Promise((resolve) => setImmediate(resolve));

    it('asks once for concurrent requests, then answers from what it keeps', async () => {
      const cache = new IntrospectionCache(5_000);
      const as = authorizationServer(active());
      const answers = [1, 2, 3].map(() => cache.answer('token-a', () => T0, as.introspect));
      as.answerAll();
      expect(await Promise.all(answers)).toEqual([active(), active(), active()]);
      expect(await cache.answer('token-a', () => at(3_749), as.introspect)).toEqual(active());
      expect(as.asked()).toBe(1);
    });

    it('in the last quarter of its time, answers from what it keeps and asks again in the background', async () => {
      const cache = new IntrospectionCache(5_000);
      const as = authorizationServer(active({ scope: 'first' }));
      const first = cache.answer('token-a', () => T0, as.introspect);
      as.answerAll();
      await first;
      const refreshed = authorizationServer(active({ scope: 'second' }));
      // Two requests late in its time: both answered at once from what is kept, one question asked behind them.
      expect(await cache.answer('token-a', () => at(3_750), refreshed.introspect)).toEqual(active({ scope: 'first' }));
      expect(await cache.answer('token-a', () => at(3_800), refreshed.introspect)).toEqual(active({ scope: 'first' }));
      expect(refreshed.asked()).toBe(1);
      refreshed.answerAll();
      await settled();
      // The new answer is kept for a time of its own (the clock of the request that asked for it says 3,750).
      expect(await cache.answer('token-a', () => at(7_499), as.introspect)).toEqual(active({ scope: 'second' }));
      expect(as.asked()).toBe(1);
    });

    it('replaces the kept answer with an inactive one that comes in the background (a revocation bites sooner)', async () => {
      const cache = new IntrospectionCache(5_000);
      cache.set('token-a', active(), T0);
      const revoked = authorizationServer({ active: false });
      await cache.answer('token-a', () => at(4_000), revoked.introspect);
      revoked.answerAll();
      await settled();
      expect(cache.get('token-a', at(4_001))).toEqual({ active: false });
    });

    it('never uses a kept answer past its time, even while its background question is unanswered', async () => {
      const cache = new IntrospectionCache(5_000);
      cache.set('token-a', active(), T0);
      const slow = authorizationServer(new Error('temporarily_unavailable'));
      await cache.answer('token-a', () => at(4_000), slow.introspect);
      // Its time is up: the request waits for the question under way, and fails with it.
      const late = cache.answer('token-a', () => at(5_000), slow.introspect);
      slow.answerAll();
      await expect(late).rejects.toThrow('temporarily_unavailable');
      expect(slow.asked()).toBe(1);
      expect(cache.get('token-a', at(5_000))).toBeUndefined();
    });

    it('after a failed background question, asks no more ahead: the kept answer runs out, then a request asks', async () => {
      const cache = new IntrospectionCache(5_000);
      cache.set('token-a', active(), T0);
      const down = authorizationServer(new Error('temporarily_unavailable'));
      await cache.answer('token-a', () => at(4_000), down.introspect);
      down.answerAll();
      await settled();
      expect(await cache.answer('token-a', () => at(4_500), down.introspect)).toEqual(active());
      expect(down.asked()).toBe(1);
      const late = cache.answer('token-a', () => at(5_000), down.introspect);
      down.answerAll();
      await expect(late).rejects.toThrow('temporarily_unavailable');
      expect(down.asked()).toBe(2);
    });

    it('a background answer does not replace an answer kept anew meanwhile', async () => {
      const cache = new IntrospectionCache(5_000);
      cache.set('token-a', active({ scope: 'old' }), T0);
      const slow = authorizationServer(active({ scope: 'background' }));
      await cache.answer('token-a', () => at(4_000), slow.introspect);
      cache.set('token-a', active({ scope: 'newer' }), at(4_100));
      slow.answerAll();
      await settled();
      expect(cache.get('token-a', at(4_200))).toEqual(active({ scope: 'newer' }));
    });

    it('never asks ahead for an answer that ends with its token (exp within the time to live)', async () => {
      const cache = new IntrospectionCache(5_000);
      cache.set('token-a', active({ exp: T0.getTime() / 1000 + 4 }), T0);
      const as = authorizationServer(active());
      await cache.answer('token-a', () => at(3_999), as.introspect);
      expect(as.asked()).toBe(0);
    });

    it("shares no answer of a consent's token: a request that waited asks again itself", async () => {
      const cache = new IntrospectionCache(5_000);
      const as = authorizationServer(active({ consent_id: 'c1' }));
      const answers = [1, 2, 3].map(() => cache.answer('under-c1', () => T0, as.introspect));
      as.answerAll();
      await settled();
      expect(as.asked()).toBe(3);
      as.answerAll();
      expect(await Promise.all(answers)).toEqual([1, 2, 3].map(() => active({ consent_id: 'c1' })));
    });

    it('fails the requests that waited when the question fails, and asks again on the next request', async () => {
      const cache = new IntrospectionCache(5_000);
      const down = authorizationServer(new Error('temporarily_unavailable'));
      const answers = [1, 2].map(() => cache.answer('token-a', () => T0, down.introspect));
      down.answerAll();
      for (const answer of answers) await expect(answer).rejects.toThrow('temporarily_unavailable');
      expect(down.asked()).toBe(1);
      const up = authorizationServer(active());
      const next = cache.answer('token-a', () => T0, up.introspect);
      up.answerAll();
      expect(await next).toEqual(active());
    });

    it('with a time to live of 0 asks for every request', async () => {
      const cache = new IntrospectionCache(0);
      const as = authorizationServer(active());
      const answers = [1, 2].map(() => cache.answer('token-a', () => T0, as.introspect));
      as.answerAll();
      await Promise.all(answers);
      expect(as.asked()).toBe(2);
    });
  });
});
