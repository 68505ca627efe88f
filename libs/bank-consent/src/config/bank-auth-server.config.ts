import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { publicUrl, type RuntimeConfig } from '@ofs/platform';
import type { BankAuthServerEnv } from './bank-auth-server.env';

/** A bank's server at the authorization server and the bank's own client there. */
export interface BankIdentity {
  tenant: 'obgeneric';
  /** `gobank`, `hyperscalebank`. */
  server: string;
  /** Its seeded system client (`gobank-bank`, `hyperscalebank-bank`). */
  clientId: string;
  /** The sandbox PKI client certificate it authenticates with (`go-bank`, `hyperscale-bank`). */
  certificate: string;
}

/** Every URL of the authorization server a bank uses, and the TLS it uses to call them. */
export interface BankAuthServer {
  /** `https://localhost:8443`: where browsers reach it (the consent page's decision goes back there). */
  origin: string;
  /** `https://localhost:8443/obgeneric/gobank`: the `iss` of the tokens presented to the data API. */
  issuer: string;
  /** The mutual-TLS aliases (RFC 8705 §5) the bank calls with its client certificate. */
  tokenEndpoint: string;
  introspectionEndpoint: string;
  /** `…/api/system/obgeneric/servers/{server}/logins`. */
  loginsUrl: string;
  /** `…/api/system/obgeneric/pools`. */
  poolsUrl: string;
  clientId: string;
  /** The sandbox CA, and the bank's client certificate (`<pki>/<certificate>/client.pem`). */
  tls: { ca: string; cert: string; key: string };
}

export function bankAuthServer(config: RuntimeConfig<BankAuthServerEnv>, bank: BankIdentity): BankAuthServer {
  const env = config.env;
  const origin = env.AUTH_SERVER_URL ?? publicUrl(env, env.AUTH_SERVER_PORT);
  const mtlsBase = env.AUTH_SERVER_MTLS_URL ?? publicUrl(env, env.AUTH_SERVER_MTLS_PORT);
  const server = `${bank.tenant}/${bank.server}`;
  const certDir = path.join(config.pkiDir, bank.certificate);
  return {
    origin,
    issuer: `${origin}/${server}`,
    tokenEndpoint: `${mtlsBase}/${server}/oauth2/token`,
    introspectionEndpoint: `${mtlsBase}/${server}/oauth2/introspect`,
    loginsUrl: `${mtlsBase}/api/system/${bank.tenant}/servers/${bank.server}/logins`,
    poolsUrl: `${mtlsBase}/api/system/${bank.tenant}/pools`,
    clientId: bank.clientId,
    tls: {
      ca: config.tls.ca,
      cert: readFileSync(path.join(certDir, 'client.pem'), 'utf8'),
      key: readFileSync(path.join(certDir, 'client-key.pem'), 'utf8'),
    },
  };
}
