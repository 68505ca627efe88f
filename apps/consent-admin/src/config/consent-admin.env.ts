import { PlatformEnv, PortSetting } from '@ofs/platform';

/** Settings of consent-admin, validated at boot (see README, "Configuration"). */
export class ConsentAdminEnv extends PlatformEnv {
  @PortSetting('CONSENT_ADMIN_PORT')
  CONSENT_ADMIN_PORT: number = 8084;

  @PortSetting('CONSENT_PORTAL_PORT')
  CONSENT_PORTAL_PORT: number = 8085;
}
