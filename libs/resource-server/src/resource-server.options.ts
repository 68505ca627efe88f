import type { ClientTls } from '@ofs/platform';
export const RESOURCE_SERVER_OPTIONS = Symbol('RESOURCE_SERVER_OPTIONS');

/** How a resource server checks the access tokens presented to it. */
export interface ResourceServerOptions {
  /** The issuer whose tokens are accepted, e.g. `https://localhost:8443/obgeneric/gobank`. */
  issuer: string;
  /** Its introspection endpoint's mutual-TLS alias (`…:8444/obgeneric/gobank/oauth2/introspect`). */
  introspectionEndpoint: string;
  /** The resource server's own client there (`tls_client_auth`, system scope `introspect_tokens`). */
  clientId: string;
  /** The sandbox CA, and that client's certificate and key. */
  tls: Required<ClientTls>;
  /** `https://host:port` of the listener as clients call it (DPoP `htu`). */
  publicBaseUrl: string;
  /** How long an introspection answer is reused. Default 5 s; 0 introspects every request. */
  introspectionCacheMs?: number;
}
