import * as path from 'node:path';
import type { PlatformEnv } from './platform-env';

/** What an app knows once its environment is validated and its data folder, TLS and database are resolved. */
export interface RuntimeConfig<TEnv extends PlatformEnv = PlatformEnv> {
  app: string;
  env: TEnv;
  /** Absolute path of the data folder. */
  dataDir: string;
  pkiDir: string;
  database: { url: string; schema: string };
  tls: { cert: string; key: string; ca: string };
}

export function dataDirOf(env: PlatformEnv, cwd: string = process.cwd()): string {
  return path.resolve(cwd, env.SANDBOX_DATA_DIR);
}

export function pkiDirOf(env: PlatformEnv, cwd?: string): string {
  return path.join(dataDirOf(env, cwd), 'pki');
}

/** https://host:port as users and other apps reach a listener. */
export function publicUrl(env: PlatformEnv, port: number): string {
  return `https://${env.SANDBOX_PUBLIC_HOST}${port === 443 ? '' : `:${port}`}`;
}
