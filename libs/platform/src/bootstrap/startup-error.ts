import { ConfigError } from '../config/config.error';

/** The one line after `cannot start:` for what stopped an app's start. */
export function describeStartupError(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'EADDRINUSE') return `port already in use (${e.message}); stop what uses it or set the port variable`;
  if (e?.code === 'EACCES') return `permission denied: ${e.message}`;
  return e instanceof Error ? e.message : String(error);
}
