import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { subjectDnOf } from '@ofs/pki';
import { ConfigError, publicUrl, type RuntimeConfig } from '@ofs/platform';
import { resolveEncryptionKey, SecretBox } from '../crypto/secret-box';
import { loadBanksFile, type Bank } from './banks-file';
import type { FinancrooEnv } from './financroo.env';

/** Everything financroo derives from its environment once, at start. */
export interface FinancrooSettings {
  /** `https://localhost:8091`: where browsers reach Financroo (the redirect URI's base). */
  publicBase: string;
  banks: Bank[];
  secrets: SecretBox;
  /** The sandbox CA, and Financroo's client certificate (`<pki>/financroo/client.pem`) for mutual TLS. */
  tls: { ca: string; cert: string; key: string };
  certificateSubject: string;
}

export const FINANCROO_SETTINGS = Symbol('FINANCROO_SETTINGS');

export function financrooSettings(config: RuntimeConfig<FinancrooEnv>): FinancrooSettings {
  const env = config.env;
  const banks = loadBanksFile(env.FINANCROO_BANKS_FILE, banksFileSettings(env));
  const certDir = path.join(config.pkiDir, 'financroo');
  let cert: string;
  let key: string;
  try {
    cert = readFileSync(path.join(certDir, 'client.pem'), 'utf8');
    key = readFileSync(path.join(certDir, 'client-key.pem'), 'utf8');
  } catch (e) {
    throw new ConfigError([`Financroo's client certificate could not be read in ${certDir} (${(e as Error).message})`]);
  }
  return {
    publicBase: publicUrl(env, env.FINANCROO_PORT),
    banks,
    secrets: new SecretBox(resolveEncryptionKey(env.FINANCROO_ENCRYPTION_KEY, config.dataDir)),
    tls: { ca: config.tls.ca, cert, key },
    certificateSubject: subjectDnOf(cert),
  };
}

/** The settings a banks file may name as `${NAME}`. */
export function banksFileSettings(env: FinancrooEnv): Record<string, string | number> {
  return {
    SANDBOX_PUBLIC_HOST: env.SANDBOX_PUBLIC_HOST,
    AUTH_SERVER_PORT: env.AUTH_SERVER_PORT,
    GO_BANK_PORT: env.GO_BANK_PORT,
    HYPERSCALE_BANK_PORT: env.HYPERSCALE_BANK_PORT,
  };
}
