import { IsNotEmpty, IsString, Matches } from 'class-validator';
import { OneOfSetting, PortSetting, PostgresUrlSetting } from './env-decorators';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Settings every app reads. Each app's own env class extends this one with its ports and URLs. */
export class PlatformEnv {
  /** Folder holding all local state: embedded database cluster, certificates, logs. */
  @IsString()
  @IsNotEmpty({ message: 'SANDBOX_DATA_DIR must be a folder path' })
  SANDBOX_DATA_DIR: string = '.data';

  /** An existing PostgreSQL; without it the sandbox runs its own embedded PostgreSQL server. */
  @PostgresUrlSetting('DATABASE_URL')
  DATABASE_URL?: string;

  /** Port of the embedded PostgreSQL server (loopback only). */
  @PortSetting('SANDBOX_PG_PORT')
  SANDBOX_PG_PORT: number = 54329;

  /** Interface the apps listen on. Loopback by default: the sandbox has well-known demo passwords. */
  @Matches(/^[0-9a-fA-F:.]+$|^[a-zA-Z0-9.-]+$/, { message: 'BIND_HOST must be an IP address or host name' })
  BIND_HOST: string = '127.0.0.1';

  /** Host name in the public URLs the apps print and hand out (issuers, redirects). */
  @Matches(/^[a-zA-Z0-9.-]+$/, { message: 'SANDBOX_PUBLIC_HOST must be a host name like localhost' })
  SANDBOX_PUBLIC_HOST: string = 'localhost';

  @OneOfSetting('LOG_LEVEL', LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';
}
