/** Latency summary of one series, in milliseconds (nearest-rank percentiles). */
export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(samples: readonly number[]): LatencySummary {
  if (samples.length === 0) return { count: 0, p50: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = Float64Array.from(samples).sort();
  const rank = (q: number): number => sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1]!;
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    p50: rank(0.5),
    p99: rank(0.99),
    max: sorted[sorted.length - 1]!,
    mean: sum / sorted.length,
  };
}

/** Counts errors by kind and keeps the distinct messages for the report. */
export class ErrorLog {
  private readonly kinds = new Map<string, number>();
  total = 0;

  /** Counts the error; true the first time its kind is seen. */
  add(message: string): boolean {
    this.total++;
    const kind = message.slice(0, 240);
    const seen = this.kinds.get(kind) ?? 0;
    this.kinds.set(kind, seen + 1);
    return seen === 0;
  }

  /** The most frequent kinds first. */
  entries(limit = 10): Array<[string, number]> {
    return [...this.kinds].sort((a, b) => b[1] - a[1]).slice(0, limit);
  }
}
