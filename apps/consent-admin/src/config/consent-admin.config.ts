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

/** The banks whose consents the console and the portal show (authorization-server server ids). */
export const BANKS = [
  { id: 'gobank', name: 'Go Bank' },
  { id: 'hyperscalebank', name: 'Hyperscale Bank' },
] as const;
export type BankId = (typeof BANKS)[number]['id'];

export function isBankId(value: unknown): value is BankId {
  return BANKS.some((b) => b.id === value);
}

export function bankName(id: BankId): string {
  return BANKS.find((b) => b.id === id)!.name;
}

/** An OIDC client of consent-admin that signs people in (authorization code, PAR, PKCE, tls_client_auth). */
export interface SignInClient {
  /** e.g. `https://localhost:8443/obgeneric/admin`; discovery at `{issuer}/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  /** `https://localhost:8084/auth/callback`, as registered. */
  redirectUri: string;
  scope: string;
  tls: { ca: string; cert: string; key: string };
}

function consentAdminTls(config: RuntimeConfig<ConsentAdminEnv>): { ca: string; cert: string; key: string } {
  const certDir = path.join(config.pkiDir, 'consent-admin');
  return {
    ca: config.tls.ca,
    cert: readFileSync(path.join(certDir, 'client.pem'), 'utf8'),
    key: readFileSync(path.join(certDir, 'client-key.pem'), 'utf8'),
  };
}

function issuerBase(env: ConsentAdminEnv): string {
  return env.AUTH_SERVER_URL ?? publicUrl(env, env.AUTH_SERVER_PORT);
}

/** The consent console's staff sign-in: client `consent-admin-console` at the `admin` server. */
export function consoleSignInClient(config: RuntimeConfig<ConsentAdminEnv>): SignInClient {
  return {
    issuer: `${issuerBase(config.env)}/${GOBANK.tenant}/admin`,
    clientId: 'consent-admin-console',
    redirectUri: `${consentAdminPublicUrl(config)}/auth/callback`,
    scope: 'openid profile',
    tls: consentAdminTls(config),
  };
}

/** The portal's customer sign-in at one bank: client `{bank}-consent-portal` at that bank's server. */
export function portalSignInClient(config: RuntimeConfig<ConsentAdminEnv>, bank: BankId): SignInClient {
  return {
    issuer: `${issuerBase(config.env)}/${GOBANK.tenant}/${bank}`,
    clientId: `${bank}-consent-portal`,
    redirectUri: `${publicUrl(config.env, config.env.CONSENT_PORTAL_PORT)}/auth/callback`,
    scope: 'openid profile',
    tls: consentAdminTls(config),
  };
}

/** Hyperscale Bank's consents: records of the identity pool `hyperscalebank-consents`, through the tenant's system API. */
export interface HyperscaleConsentPool {
  /** `https://localhost:8444/api/system/obgeneric/pools/hyperscalebank-consents/records`. */
  recordsUrl: string;
  /** The hyperscalebank server's token endpoint (mutual-TLS alias), for `hyperscalebank-consent-storage`. */
  tokenEndpoint: string;
  clientId: string;
  tls: { ca: string; cert: string; key: string };
}

export function hyperscaleConsentPool(config: RuntimeConfig<ConsentAdminEnv>): HyperscaleConsentPool {
  const env = config.env;
  const mtlsBase = env.AUTH_SERVER_MTLS_URL ?? publicUrl(env, env.AUTH_SERVER_MTLS_PORT);
  return {
    recordsUrl: `${mtlsBase}/api/system/${GOBANK.tenant}/pools/hyperscalebank-consents/records`,
    tokenEndpoint: `${mtlsBase}/${GOBANK.tenant}/hyperscalebank/oauth2/token`,
    clientId: 'hyperscalebank-consent-storage',
    tls: consentAdminTls(config),
  };
}

/** `https://localhost:8084`: the admin listener as callers reach it (the DPoP `htu` base). */
export function consentAdminPublicUrl(config: RuntimeConfig<ConsentAdminEnv>): string {
  return publicUrl(config.env, config.env.CONSENT_ADMIN_PORT);
}
