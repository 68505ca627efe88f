const DEFAULT_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * For callers without signal handling of their own: on SIGINT/SIGTERM/SIGHUP, stops `handle` and then lets the
 * signal do what it would have done (our listeners are removed and the signal re-raised, so the process ends the
 * usual way) — unless the caller has its own listeners for that signal, which then decide when to exit.
 * A second signal while stopping stops waiting (PostgreSQL still gets its shutdown request through the handle's
 * exit safety net). Returns a function that removes the listeners.
 *
 * Callers that handle signals themselves (e.g. to close HTTP servers first) should not use this, but call
 * `handle.stop()` last in their own shutdown.
 */
export function stopOnExit(
  handle: { stop(): Promise<void> },
  signals: readonly NodeJS.Signals[] = DEFAULT_SIGNALS,
): () => void {
  let stopping = false;
  const listeners = new Map<NodeJS.Signals, () => void>();
  const remove = (): void => {
    for (const [signal, listener] of listeners) process.removeListener(signal, listener);
    listeners.clear();
  };
  const reRaise = (signal: NodeJS.Signals): void => {
    remove();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  for (const signal of signals) {
    const listener = (): void => {
      if (stopping) {
        reRaise(signal);
        return;
      }
      stopping = true;
      void handle
        .stop()
        .catch(() => undefined)
        .then(() => reRaise(signal));
    };
    listeners.set(signal, listener);
    process.on(signal, listener);
  }
  return remove;
}
