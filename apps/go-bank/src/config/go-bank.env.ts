import { BankAuthServerEnv, HTTPS_ORIGIN } from '@ofs/bank-consent';
import { PortSetting } from '@ofs/platform';
import { IsOptional, Matches } from 'class-validator';

/** Settings of go-bank, validated at boot (see README, "Configuration"). */
export class GoBankEnv extends BankAuthServerEnv {
  @PortSetting('GO_BANK_PORT')
  GO_BANK_PORT: number = 8070;

  @PortSetting('GO_BANK_CONSENT_PORT')
  GO_BANK_CONSENT_PORT: number = 7080;

  /** consent-admin's admin listener: Go Bank's consent storage. */
  @PortSetting('CONSENT_ADMIN_PORT')
  CONSENT_ADMIN_PORT: number = 8084;

  /** Base of the consent storage API; default `https://{SANDBOX_PUBLIC_HOST}:{CONSENT_ADMIN_PORT}`. */
  @IsOptional()
  @Matches(HTTPS_ORIGIN, { message: 'CONSENT_ADMIN_URL must be an https origin like https://localhost:8084' })
  CONSENT_ADMIN_URL?: string;
}
