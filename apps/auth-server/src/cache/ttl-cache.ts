/**
 * A small in-process cache: entries live `ttlMs`, at most `maxSize` of them (the oldest go first). It caches
 * promises, so concurrent misses for one key share a single load; a failed load is not kept.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxSize: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, load: () => Promise<V>, keep: (value: V) => boolean = () => true): Promise<V> {
    const entry = this.entries.get(key);
    if (entry && entry.until > this.now()) return entry.value;
    if (entry) this.entries.delete(key);
    const value = load();
    this.entries.set(key, { value, until: this.now() + this.ttlMs });
    if (this.entries.size > this.maxSize) this.entries.delete(this.entries.keys().next().value!);
    value.then(
      (v) => {
        if (!keep(v) && this.entries.get(key)?.value === value) this.entries.delete(key);
      },
      () => {
        if (this.entries.get(key)?.value === value) this.entries.delete(key);
      },
    );
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Drops every entry whose key `matches`, or everything. */
  clear(matches?: (key: string) => boolean): void {
    if (!matches) return this.entries.clear();
    for (const key of this.entries.keys()) if (matches(key)) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
