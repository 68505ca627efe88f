import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  let now = 0;
  const clock = (): number => now;
  beforeEach(() => (now = 1_000));

  it('loads once per ttl, sharing the load between concurrent callers', async () => {
    const cache = new TtlCache<number>(100, 10, clock);
    let loads = 0;
    const load = async (): Promise<number> => ++loads;
    expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual([1, 1]);
    now += 99;
    expect(await cache.get('a', load)).toBe(1);
    now += 1;
    expect(await cache.get('a', load)).toBe(2);
  });

  it('does not keep failed loads nor values refused by keep', async () => {
    const cache = new TtlCache<string | null>(100, 10, clock);
    await expect(cache.get('a', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(
      await cache.get(
        'b',
        async () => null,
        (v) => v !== null,
      ),
    ).toBeNull();
    expect(cache.size).toBe(0);
    expect(
      await cache.get(
        'b',
        async () => 'found',
        (v) => v !== null,
      ),
    ).toBe('found');
    expect(cache.size).toBe(1);
  });

  it('forgets one key, matching keys, or everything, and keeps at most maxSize entries', async () => {
    const cache = new TtlCache<string>(100, 2, clock);
    await cache.get('s1 a', async () => 'a');
    await cache.get('s1 b', async () => 'b');
    await cache.get('s2 c', async () => 'c');
    expect(cache.size).toBe(2); // 's1 a' was the oldest
    cache.clear((key) => key.endsWith(' b'));
    expect(cache.size).toBe(1);
    cache.delete('s2 c');
    expect(cache.size).toBe(0);
    await cache.get('x', async () => 'x');
    cache.clear();
    expect(cache.size).toBe(0);
  });
});
