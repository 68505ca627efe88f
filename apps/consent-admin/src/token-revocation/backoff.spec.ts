import { BACKOFF, nextAttemptAt } from './backoff';

describe('token revocation backoff', () => {
  const failedAt = new Date('2026-12-01T10:00:00.000Z');

  it.each([
    [1, 2_000],
    [2, 4_000],
    [3, 8_000],
    [7, 128_000],
    [8, 256_000],
    [9, BACKOFF.maxMs],
    [50, BACKOFF.maxMs],
  ])('after %i failed attempt(s) the next is due %i ms later', (attempts, delay) => {
    expect(nextAttemptAt(attempts, failedAt).getTime() - failedAt.getTime()).toBe(delay);
  });
});
