import { createHash } from 'node:crypto';
import type { IntrospectionResponse } from './introspection-client';

interface Entry {
  result: IntrospectionResponse;
  until: number;
}

/**
 * Introspection answers kept for a few seconds, keyed by the token's SHA-256 (never the token itself). An answer
 * is never kept past the token's `exp`, and {@link forgetConsent} drops the answers of a consent whose tokens
 * this process has just revoked, so a revocation made here bites at once.
 */
export class IntrospectionCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number = 10_000,
  ) {}

  get(token: string, now: Date): IntrospectionResponse | undefined {
    const key = keyOf(token);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= now.getTime()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.result;
  }

  set(token: string, result: IntrospectionResponse, now: Date): void {
    if (this.ttlMs <= 0) return;
    let until = now.getTime() + this.ttlMs;
    if (result.active && typeof result.exp === 'number') until = Math.min(until, result.exp * 1000);
    if (until <= now.getTime()) return;
    if (this.entries.size >= this.maxEntries) this.sweep(now);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(keyOf(token), { result, until });
  }

  /** Drops every cached answer for tokens of `consentId`. */
  forgetConsent(consentId: string): void {
    for (const [key, entry] of this.entries) if (entry.result.consent_id === consentId) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  private sweep(now: Date): void {
    for (const [key, entry] of this.entries) if (entry.until <= now.getTime()) this.entries.delete(key);
  }
}

function keyOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
