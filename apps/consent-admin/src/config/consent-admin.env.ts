import { defaultWorkerCount, PlatformEnv, PortSetting, WorkerCountSetting } from '@ofs/platform';
import { IsOptional, Matches } from 'class-validator';

const HTTPS_ORIGIN = /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;

/** Settings of consent-admin, validated at boot (see README, "Configuration"). */
export class ConsentAdminEnv extends PlatformEnv {
  @PortSetting('CONSENT_ADMIN_PORT')
  CONSENT_ADMIN_PORT: number = 8084;

  @PortSetting('CONSENT_PORTAL_PORT')
  CONSENT_PORTAL_PORT: number = 8085;

  /** Processes serving both ports (the storage API is CPU-bound); `auto`: one per core, at most 4. */
  @WorkerCountSetting('CONSENT_ADMIN_WORKERS')
  CONSENT_ADMIN_WORKERS: number = defaultWorkerCount();

  /** The authorization server's ports, as it is configured (the base URLs below default to them). */
  @PortSetting('AUTH_SERVER_PORT')
  AUTH_SERVER_PORT: number = 8443;

  @PortSetting('AUTH_SERVER_MTLS_PORT')
  AUTH_SERVER_MTLS_PORT: number = 8444;

  /** Base of the issuers (`{AUTH_SERVER_URL}/obgeneric/gobank`); default `https://{SANDBOX_PUBLIC_HOST}:{AUTH_SERVER_PORT}`. */
  @IsOptional()
  @Matches(HTTPS_ORIGIN, { message: 'AUTH_SERVER_URL must be an https origin like https://localhost:8443' })
  AUTH_SERVER_URL?: string;

  /** Base of the mutual-TLS aliases consent-admin calls; default `https://{SANDBOX_PUBLIC_HOST}:{AUTH_SERVER_MTLS_PORT}`. */
  @IsOptional()
  @Matches(HTTPS_ORIGIN, { message: 'AUTH_SERVER_MTLS_URL must be an https origin like https://localhost:8444' })
  AUTH_SERVER_MTLS_URL?: string;
}
