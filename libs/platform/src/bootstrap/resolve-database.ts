import { startEmbeddedPostgres, waitForPostgres } from '@ofs/embedded-db';
import type { PlatformEnv } from '../config/platform-env';

export interface ResolvedDatabase {
  url: string;
  /** Whether this process started the embedded server (and so must stop it). */
  embedded: boolean;
  stop(): Promise<void>;
}

const REACH_TIMEOUT_MS = 10_000;

/**
 * DATABASE_URL when set (checked reachable, with a clear error when it is not); otherwise the sandbox's own
 * embedded PostgreSQL server under the data folder, started by this process.
 */
export async function resolveDatabase(
  env: PlatformEnv,
  dataDir: string,
  log: (line: string) => void,
): Promise<ResolvedDatabase> {
  if (env.DATABASE_URL) {
    await waitForPostgres(env.DATABASE_URL, REACH_TIMEOUT_MS);
    return { url: env.DATABASE_URL, embedded: false, stop: async () => undefined };
  }
  log(`starting embedded PostgreSQL on 127.0.0.1:${env.SANDBOX_PG_PORT} (data in ${dataDir})`);
  const pg = await startEmbeddedPostgres({ dataDir, port: env.SANDBOX_PG_PORT });
  return { url: pg.url, embedded: true, stop: () => pg.stop() };
}
