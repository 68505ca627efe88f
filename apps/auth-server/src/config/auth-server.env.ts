import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { defaultWorkerCount, OneOfSetting, PlatformEnv, PortSetting, WorkerCountSetting } from '@ofs/platform';

const AUDIT_RETENTION_MESSAGE = 'AUTH_SERVER_AUDIT_RETENTION_DAYS must be a whole number of days from 1 to 3650';
const SCRYPT_COST_MESSAGE = 'AUTH_SERVER_SCRYPT_LOG_N must be a whole number from 8 to 20 (scrypt N = 2^value)';

/** Settings of auth-server, validated at boot (see README, "Configuration"). */
export class AuthServerEnv extends PlatformEnv {
  @PortSetting('AUTH_SERVER_PORT')
  AUTH_SERVER_PORT: number = 8443;

  @PortSetting('AUTH_SERVER_MTLS_PORT')
  AUTH_SERVER_MTLS_PORT: number = 8444;

  /** The banks' consent pages (go-bank, hyperscale-bank): their servers' consent_page_url (seeded when unset). */
  @PortSetting('GO_BANK_CONSENT_PORT')
  GO_BANK_CONSENT_PORT: number = 7080;

  @PortSetting('HYPERSCALE_BANK_CONSENT_PORT')
  HYPERSCALE_BANK_CONSENT_PORT: number = 6080;

  /** consent-admin's console and portal: the redirect URIs of their seeded sign-in clients. */
  @PortSetting('CONSENT_ADMIN_PORT')
  CONSENT_ADMIN_PORT: number = 8084;

  @PortSetting('CONSENT_PORTAL_PORT')
  CONSENT_PORTAL_PORT: number = 8085;

  /** Processes serving both ports (the server is CPU-bound); `auto`: one per core, at most 4. */
  @WorkerCountSetting('AUTH_SERVER_WORKERS')
  AUTH_SERVER_WORKERS: number = defaultWorkerCount();

  /**
   * Whether clients' jwks_uri may point at private, link-local or shared networks and at the sandbox's own ports
   * (an SSRF guard; loopback is allowed while BIND_HOST is loopback).
   */
  @OneOfSetting('JWKS_URI_ALLOW_PRIVATE_NETWORKS', ['true', 'false'])
  JWKS_URI_ALLOW_PRIVATE_NETWORKS: 'true' | 'false' = 'false';

  /**
   * scrypt cost of new identity-pool password hashes, as log2 N (r = 8, p = 1). 9 (≈ 1.4 ms of CPU a login) keeps the
   * sandbox's public demo passwords cheap, so the flow benchmark holds; 17 (N = 2^17, ≈ 0.4 s and 128 MiB) is a
   * production-grade cost.
   */
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt({ message: SCRYPT_COST_MESSAGE })
  @Min(8, { message: SCRYPT_COST_MESSAGE })
  @Max(20, { message: SCRYPT_COST_MESSAGE })
  AUTH_SERVER_SCRYPT_LOG_N: number = 9;

  /** How many days audit events are kept before the housekeeping sweep deletes them. */
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt({ message: AUDIT_RETENTION_MESSAGE })
  @Min(1, { message: AUDIT_RETENTION_MESSAGE })
  @Max(3650, { message: AUDIT_RETENTION_MESSAGE })
  AUTH_SERVER_AUDIT_RETENTION_DAYS: number = 30;
}
