import { PlatformEnv, PortSetting } from '@ofs/platform';
import { IsOptional, Matches } from 'class-validator';

export const HTTPS_ORIGIN = /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;

/** Where a bank reaches the authorization server: each bank's env class extends this one with its own ports. */
export class BankAuthServerEnv extends PlatformEnv {
  /** The authorization server's ports, as it is configured (the base URLs below default to them). */
  @PortSetting('AUTH_SERVER_PORT')
  AUTH_SERVER_PORT: number = 8443;

  @PortSetting('AUTH_SERVER_MTLS_PORT')
  AUTH_SERVER_MTLS_PORT: number = 8444;

  /** Base of the issuers (`{AUTH_SERVER_URL}/obgeneric/gobank`); default `https://{SANDBOX_PUBLIC_HOST}:{AUTH_SERVER_PORT}`. */
  @IsOptional()
  @Matches(HTTPS_ORIGIN, { message: 'AUTH_SERVER_URL must be an https origin like https://localhost:8443' })
  AUTH_SERVER_URL?: string;

  /** Base of the mutual-TLS aliases the bank calls; default `https://{SANDBOX_PUBLIC_HOST}:{AUTH_SERVER_MTLS_PORT}`. */
  @IsOptional()
  @Matches(HTTPS_ORIGIN, { message: 'AUTH_SERVER_MTLS_URL must be an https origin like https://localhost:8444' })
  AUTH_SERVER_MTLS_URL?: string;
}
