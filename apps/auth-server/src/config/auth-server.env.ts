import { PlatformEnv, PortSetting } from '@ofs/platform';

/** Settings of auth-server, validated at boot (see README, "Configuration"). */
export class AuthServerEnv extends PlatformEnv {
  @PortSetting('AUTH_SERVER_PORT')
  AUTH_SERVER_PORT: number = 8443;

  @PortSetting('AUTH_SERVER_MTLS_PORT')
  AUTH_SERVER_MTLS_PORT: number = 8444;
}
