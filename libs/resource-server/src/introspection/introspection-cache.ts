import { createHash } from 'node:crypto';
import type { IntrospectionResponse } from './introspection-client';

interface Entry {
  result: IntrospectionResponse;
  until: number;
  /** From then on, a request that uses the answer also asks for a new one in the background (see answer). */
  refreshFrom: number;
}

/** The share of its time to live after which a kept answer in use is asked again ahead of its end. */
const REFRESH_AFTER = 0.75;

/**
 * Introspection answers kept for a few seconds, keyed by the token's SHA-256 (never the token itself). An answer
 * is never kept past the token's `exp`, and the answer of a token issued under a consent (`consent_id`) is not
 * kept at all: a consent's revocation revokes exactly those tokens at the authorization server, so it bites at
 * once in every process of the resource server, whichever process revoked it (nothing in memory to invalidate).
 *
 * {@link answer} also asks once for the requests that want the same token's answer at the same time (when the
 * kept answer runs out, every concurrent request of a busy client would otherwise introspect it), and shares that
 * answer only if it may be kept. A kept answer still in use in the last quarter of its time is asked again in the
 * background, so a busy client's requests do not all wait for the question when it runs out; a kept answer is
 * still never used past its time (the background answer replaces it, an inactive one too; a failed one is dropped).
 */
export class IntrospectionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly asking = new Map<string, Promise<IntrospectionResponse>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number = 10_000,
  ) {}

  /**
   * The kept answer for `token`, or the one `introspect` gives: asked once for the requests that want it at the
   * same time. A request that joined a question another request asked gets that answer only if it may be kept;
   * otherwise (a consent's token, an answer past `exp`) it asks itself, so a consent's token is always checked
   * by a question asked after its request arrived. A failed question fails the requests that waited for it.
   */
  async answer(
    token: string,
    now: () => Date,
    introspect: () => Promise<IntrospectionResponse>,
  ): Promise<IntrospectionResponse> {
    if (this.ttlMs <= 0) return introspect();
    const key = keyOf(token);
    const at = now();
    const entry = this.entries.get(key);
    const kept = this.lookup(key, at);
    if (kept) {
      if (entry!.refreshFrom <= at.getTime() && !this.asking.has(key)) this.refresh(key, now, introspect);
      return kept;
    }
    const asked = this.asking.get(key);
    if (asked) {
      const shared = await asked;
      return this.keptUntil(shared, now()) === undefined ? introspect() : shared;
    }
    const question = introspect();
    this.asking.set(key, question);
    try {
      const result = await question;
      this.store(key, result, now());
      return result;
    } finally {
      this.asking.delete(key);
    }
  }

  private refresh(key: string, now: () => Date, introspect: () => Promise<IntrospectionResponse>): void {
    const kept = this.entries.get(key);
    const question = introspect();
    this.asking.set(key, question);
    question
      .then((result) => {
        // Unless another answer took its place meanwhile (a newer one, or the kept one was set anew).
        const current = this.entries.get(key);
        if (current === undefined || current === kept) this.store(key, result, now());
      })
      .catch(() => {
        // The kept answer runs out as it would have (not asked again ahead); then a request asks itself.
        if (kept && this.entries.get(key) === kept) kept.refreshFrom = kept.until;
      })
      .finally(() => this.asking.delete(key));
  }

  get(token: string, now: Date): IntrospectionResponse | undefined {
    return this.lookup(keyOf(token), now);
  }

  set(token: string, result: IntrospectionResponse, now: Date): void {
    this.store(keyOf(token), result, now);
  }

  clear(): void {
    this.entries.clear();
  }

  private lookup(key: string, now: Date): IntrospectionResponse | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= now.getTime()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.result;
  }

  private store(key: string, result: IntrospectionResponse, now: Date): void {
    const until = this.keptUntil(result, now);
    if (until === undefined) return;
    if (this.entries.size >= this.maxEntries) this.sweep(now);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    // An answer that ends with its token (exp within the time to live) is not worth asking for again ahead.
    const refreshFrom = until < now.getTime() + this.ttlMs ? until : now.getTime() + this.ttlMs * REFRESH_AFTER;
    this.entries.set(key, { result, until, refreshFrom });
  }

  /** Until when `result` may be kept (ms since the epoch), or undefined when it may not be kept at all. */
  private keptUntil(result: IntrospectionResponse, now: Date): number | undefined {
    if (this.ttlMs <= 0 || result.consent_id !== undefined) return undefined;
    let until = now.getTime() + this.ttlMs;
    if (result.active && typeof result.exp === 'number') until = Math.min(until, result.exp * 1000);
    return until > now.getTime() ? until : undefined;
  }

  private sweep(now: Date): void {
    for (const [key, entry] of this.entries) if (entry.until <= now.getTime()) this.entries.delete(key);
  }
}

function keyOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
