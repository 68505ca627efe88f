import type { ReplayStore } from '@ofs/fapi';
import type { IntrospectionResponse } from '../introspection/introspection-client';
import type { PeerCertificate } from '@ofs/pki';
import type { TokenScheme } from './challenges';

/** What the checks need from the HTTP request. */
export interface ResourceRequest {
  method: string;
  /** The public URL the client called (the DPoP `htu`); the query is ignored. */
  url: string;
  authorization: string | undefined;
  /** The raw `DPoP` header value(s). */
  dpop: string | readonly string[] | undefined;
  /** The client certificate presented in the TLS handshake, if any. */
  clientCertificate: PeerCertificate | undefined;
}

/** What every check of an access token sees, once the token has been introspected. */
export interface AccessTokenCheckContext {
  readonly request: ResourceRequest;
  readonly scheme: TokenScheme;
  readonly token: string;
  readonly introspection: IntrospectionResponse;
  /** The issuer whose tokens this resource accepts. */
  readonly issuer: string;
  readonly requiredScopes: readonly string[];
  readonly now: Date;
  readonly replay: ReplayStore;
}

export type AccessTokenCheck = (ctx: AccessTokenCheckContext) => void | Promise<void>;
