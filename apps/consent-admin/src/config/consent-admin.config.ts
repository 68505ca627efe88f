import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { publicUrl, type RuntimeConfig } from '@ofs/platform';
import type { ConsentAdminEnv } from './consent-admin.env';

/** The authorization-server server whose consents consent-admin stores, and consent-admin's own client there. */
export const GOBANK = { tenant: 'obgeneric', server: 'gobank', clientId: 'gobank-consent-storage' } as const;

/** Where consent-admin reaches Go Bank's authorization server, and how it authenticates there. */
export interface GoBankAuthServer {
  /** `https://localhost:8443/obgeneric/gobank`: the `iss` of the tokens presented to the API. */
  issuer: string;
  /** The mutual-TLS aliases (RFC 8705 §5) consent-admin calls with its client certificate. */
  tokenEndpoint: string;
  introspectionEndpoint: string;
  /** `DELETE …?consent_id=` (system scope revoke_tokens). */
  revokeConsentTokensUrl: string;
  clientId: string;
  /** The sandbox CA, and consent-admin's client certificate (`<pki>/consent-admin/client.pem`). */
  tls: { ca: string; cert: string; key: string };
}

export function goBankAuthServer(config: RuntimeConfig<ConsentAdminEnv>): GoBankAuthServer {
  const env = config.env;
  const base = env.AUTH_SERVER_URL ?? publicUrl(env, env.AUTH_SERVER_PORT);
  const mtlsBase = env.AUTH_SERVER_MTLS_URL ?? publicUrl(env, env.AUTH_SERVER_MTLS_PORT);
  const server = `${GOBANK.tenant}/${GOBANK.server}`;
  const certDir = path.join(config.pkiDir, 'consent-admin');
  return {
    issuer: `${base}/${server}`,
    tokenEndpoint: `${mtlsBase}/${server}/oauth2/token`,
    introspectionEndpoint: `${mtlsBase}/${server}/oauth2/introspect`,
    revokeConsentTokensUrl: `${mtlsBase}/api/system/${GOBANK.tenant}/servers/${GOBANK.server}/tokens`,
    clientId: GOBANK.clientId,
    tls: {
      ca: config.tls.ca,
      cert: readFileSync(path.join(certDir, 'client.pem'), 'utf8'),
      key: readFileSync(path.join(certDir, 'client-key.pem'), 'utf8'),
    },
  };
}

/** `https://localhost:8084`: the admin listener as callers reach it (the DPoP `htu` base). */
export function consentAdminPublicUrl(config: RuntimeConfig<ConsentAdminEnv>): string {
  return publicUrl(config.env, config.env.CONSENT_ADMIN_PORT);
}
