import { PlatformEnv, PortSetting } from '@ofs/platform';
import { IsOptional, IsString, Matches } from 'class-validator';

/** Settings of financroo, validated at boot (see README, "Financroo"). */
export class FinancrooEnv extends PlatformEnv {
  @PortSetting('FINANCROO_PORT')
  FINANCROO_PORT: number = 8091;

  /** The ports the default banks file names (`${AUTH_SERVER_PORT}` …), as the other apps are configured. */
  @PortSetting('AUTH_SERVER_PORT')
  AUTH_SERVER_PORT: number = 8443;

  @PortSetting('GO_BANK_PORT')
  GO_BANK_PORT: number = 8070;

  @PortSetting('HYPERSCALE_BANK_PORT')
  HYPERSCALE_BANK_PORT: number = 7070;

  /** The banks Financroo connects to (JSON, `{ "banks": [...] }`); default `apps/financroo/src/config/banks.json`. */
  @IsOptional()
  @IsString()
  FINANCROO_BANKS_FILE?: string;

  /**
   * The AES-256-GCM key that encrypts private keys and tokens at rest: 32 bytes as 64 hex digits or base64url.
   * Without it, a random key is generated once and kept in `<data>/financroo/encryption.key` (mode 0600).
   */
  @IsOptional()
  @Matches(/^([0-9a-fA-F]{64}|[A-Za-z0-9_-]{43}=?)$/, {
    message: 'FINANCROO_ENCRYPTION_KEY must be 32 bytes as 64 hex digits or 43 base64url characters',
  })
  FINANCROO_ENCRYPTION_KEY?: string;
}
