/**
 * Splits a child process's output into lines, forwards each line to an optional sink and keeps the last few in a
 * ring buffer, so that error messages can quote them even when the caller asked for silence.
 */
export class LogLines {
  private readonly lines: string[] = [];
  private readonly watchers = new Set<(line: string) => void>();
  private partial = '';

  constructor(
    private readonly sink: ((line: string) => void) | undefined,
    private readonly capacity = 50,
  ) {}

  /** Feeds a chunk of output (it may hold several lines, or part of one). */
  write(chunk: Buffer | string): void {
    const text = this.partial + chunk.toString();
    const parts = text.split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.add(line);
  }

  /** Adds one line of our own (a note about what the library did). */
  add(line: string): void {
    if (line.trim() === '') return;
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.shift();
    for (const watcher of this.watchers) watcher(line);
    try {
      this.sink?.(line);
    } catch {
      // A throwing log sink must not break the server's output handling.
    }
  }

  /** Flushes a trailing partial line (call when the process ended). */
  flush(): void {
    if (this.partial !== '') this.add(this.partial);
    this.partial = '';
  }

  /** The last `count` lines, oldest first. */
  tail(count = 15): string[] {
    return this.lines.slice(-count);
  }

  /** The last lines formatted for the end of an error message. */
  describeTail(count = 15): string {
    const lines = this.tail(count);
    return lines.length === 0 ? ' (no log output)' : `; last PostgreSQL log lines:\n  ${lines.join('\n  ')}`;
  }

  /** Resolves when a line matching `pattern` is added; `cancel()` stops watching. */
  watch(pattern: RegExp): { seen: Promise<void>; cancel(): void } {
    let watcher: (line: string) => void = () => undefined;
    const seen = new Promise<void>((resolve) => {
      watcher = (line) => {
        if (pattern.test(line)) resolve();
      };
    });
    this.watchers.add(watcher);
    return { seen, cancel: () => void this.watchers.delete(watcher) };
  }

  includes(pattern: RegExp): boolean {
    return this.lines.some((line) => pattern.test(line));
  }
}
