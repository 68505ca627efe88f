import { defaultWorkerCount, OneOfSetting, PlatformEnv, PortSetting, WorkerCountSetting } from '@ofs/platform';

/** Settings of auth-server, validated at boot (see README, "Configuration"). */
export class AuthServerEnv extends PlatformEnv {
  @PortSetting('AUTH_SERVER_PORT')
  AUTH_SERVER_PORT: number = 8443;

  @PortSetting('AUTH_SERVER_MTLS_PORT')
  AUTH_SERVER_MTLS_PORT: number = 8444;

  /** Processes serving both ports (the server is CPU-bound); `auto`: one per core, at most 4. */
  @WorkerCountSetting('AUTH_SERVER_WORKERS')
  AUTH_SERVER_WORKERS: number = defaultWorkerCount();

  /**
   * Whether clients' jwks_uri may point at private, link-local or shared networks and at the sandbox's own ports
   * (an SSRF guard; loopback is allowed while BIND_HOST is loopback).
   */
  @OneOfSetting('JWKS_URI_ALLOW_PRIVATE_NETWORKS', ['true', 'false'])
  JWKS_URI_ALLOW_PRIVATE_NETWORKS: 'true' | 'false' = 'false';
}
