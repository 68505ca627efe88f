import { BankAuthServerEnv } from '@ofs/bank-consent';
import { PortSetting } from '@ofs/platform';

/** Settings of hyperscale-bank, validated at boot (see README, "Configuration"). */
export class HyperscaleBankEnv extends BankAuthServerEnv {
  @PortSetting('HYPERSCALE_BANK_PORT')
  HYPERSCALE_BANK_PORT: number = 7070;

  @PortSetting('HYPERSCALE_BANK_CONSENT_PORT')
  HYPERSCALE_BANK_CONSENT_PORT: number = 6080;
}
