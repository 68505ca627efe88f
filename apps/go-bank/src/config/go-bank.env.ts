import { PlatformEnv, PortSetting } from '@ofs/platform';

/** Settings of go-bank, validated at boot (see README, "Configuration"). */
export class GoBankEnv extends PlatformEnv {
  @PortSetting('GO_BANK_PORT')
  GO_BANK_PORT: number = 8070;

  @PortSetting('GO_BANK_CONSENT_PORT')
  GO_BANK_CONSENT_PORT: number = 7080;
}
