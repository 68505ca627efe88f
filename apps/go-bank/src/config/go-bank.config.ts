import {
  bankAuthServer,
  ConsentStorageConsentStore,
  type BankAuthServer,
  type BankConsentStore,
} from '@ofs/bank-consent';
import { ConsentStorageClient } from '@ofs/consent-store';
import { publicUrl, type RuntimeConfig } from '@ofs/platform';
import type { GoBankEnv } from './go-bank.env';

/** Go Bank at the authorization server: server `gobank`, its client `gobank-bank` with the `go-bank` certificate. */
export function goBankAuthServer(config: RuntimeConfig<GoBankEnv>): BankAuthServer {
  return bankAuthServer(config, {
    tenant: 'obgeneric',
    server: 'gobank',
    clientId: 'gobank-bank',
    certificate: 'go-bank',
  });
}

/** `https://localhost:8070`: the data API as TPPs call it. */
export function goBankApiUrl(config: RuntimeConfig<GoBankEnv>): string {
  return publicUrl(config.env, config.env.GO_BANK_PORT);
}

/** Go Bank's consents live in consent-admin's consent storage API (`manage_consents` token of gobank-bank). */
export function goBankConsentStore(config: RuntimeConfig<GoBankEnv>, as: BankAuthServer): BankConsentStore {
  const env = config.env;
  return new ConsentStorageConsentStore(
    new ConsentStorageClient({
      baseUrl: env.CONSENT_ADMIN_URL ?? publicUrl(env, env.CONSENT_ADMIN_PORT),
      clientId: as.clientId,
      tokenEndpoint: as.tokenEndpoint,
      tls: as.tls,
    }),
  );
}
