import { PlatformEnv, PortSetting } from '@ofs/platform';

/** Settings of financroo, validated at boot (see README, "Configuration"). */
export class FinancrooEnv extends PlatformEnv {
  @PortSetting('FINANCROO_PORT')
  FINANCROO_PORT: number = 8091;
}
