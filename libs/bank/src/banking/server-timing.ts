import { performance } from 'node:perf_hooks';

/**
 * W3C Server Timing (`Server-Timing: introspection;dur=3.1, consent;dur=2.4, query;dur=0.9`): where a data API
 * request spent its time, for bank engineers and `npm run bench`. Metric names are tokens; durations in ms.
 */
export class ServerTiming {
  private readonly metrics: Array<[string, number]> = [];

  /** Adds `ms` to the metric `name` (a repeated metric adds up). */
  add(name: string, ms: number): void {
    const existing = this.metrics.find(([n]) => n === name);
    if (existing) existing[1] += ms;
    else this.metrics.push([name, ms]);
  }

  /** Runs `call` and records its time as `name`, also when it fails. */
  async time<T>(name: string, call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await call();
    } finally {
      this.add(name, performance.now() - started);
    }
  }

  /** The header value; undefined when nothing was measured. */
  header(): string | undefined {
    if (!this.metrics.length) return undefined;
    return this.metrics.map(([name, ms]) => `${name};dur=${ms.toFixed(1)}`).join(', ');
  }
}
