import { InMemoryReplayStore, replayKey } from './replay-store';

describe('InMemoryReplayStore (RFC 7523 §3 (7), RFC 9449 §11.1)', () => {
  it('accepts a key once, until it expires', async () => {
    let now = new Date('2026-09-01T10:00:00Z');
    const store = new InMemoryReplayStore(() => now);
    const until = new Date(now.getTime() + 60_000);

    expect(await store.consume('a', until)).toBe(true);
    expect(await store.consume('a', until)).toBe(false);
    expect(await store.consume('b', until)).toBe(true);
    now = new Date(now.getTime() + 59_000);
    expect(await store.consume('a', until)).toBe(false);
    now = new Date(now.getTime() + 1_000);
    expect(await store.consume('a', until)).toBe(true);
  });
});

describe('replayKey', () => {
  it.each([
    [
      ['a:b', 'c'],
      ['a', 'b:c'],
    ],
    [['x'], ['x', '']],
  ])('keeps parts apart: %j and %j differ', (left, right) => {
    expect(replayKey('s', ...left)).not.toBe(replayKey('s', ...right));
  });

  it('has a fixed length whatever the jti, and is scoped', () => {
    expect(replayKey('dpop', 'k', 'x'.repeat(10_000))).toMatch(/^dpop:[A-Za-z0-9_-]{43}$/);
    expect(replayKey('dpop', 'k', 'j')).not.toBe(replayKey('client_assertion', 'k', 'j'));
  });
});
