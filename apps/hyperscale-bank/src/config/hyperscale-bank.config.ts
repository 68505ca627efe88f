import {
  bankAuthServer,
  IdentityPoolConsentStore,
  SystemApiClient,
  type BankAuthServer,
  type BankConsentStore,
} from '@ofs/bank-consent';
import { publicUrl, type RuntimeConfig } from '@ofs/platform';
import type { HyperscaleBankEnv } from './hyperscale-bank.env';

/** The identity pool holding Hyperscale Bank's consents (CONTRACT.md "Consent storage"). */
export const CONSENT_POOL = 'hyperscalebank-consents';

/** Hyperscale Bank at the authorization server: server `hyperscalebank`, client `hyperscalebank-bank`. */
export function hyperscaleBankAuthServer(config: RuntimeConfig<HyperscaleBankEnv>): BankAuthServer {
  return bankAuthServer(config, {
    tenant: 'obgeneric',
    server: 'hyperscalebank',
    clientId: 'hyperscalebank-bank',
    certificate: 'hyperscale-bank',
  });
}

/** `https://localhost:7070`: the data API as TPPs call it. */
export function hyperscaleBankApiUrl(config: RuntimeConfig<HyperscaleBankEnv>): string {
  return publicUrl(config.env, config.env.HYPERSCALE_BANK_PORT);
}

/** Hyperscale Bank's consents are records of its identity pool (`manage_identity_pools` token of hyperscalebank-bank). */
export function hyperscaleBankConsentStore(as: BankAuthServer): BankConsentStore {
  return new IdentityPoolConsentStore({
    poolUrl: `${as.poolsUrl}/${CONSENT_POOL}`,
    api: new SystemApiClient({
      tokenEndpoint: as.tokenEndpoint,
      clientId: as.clientId,
      scope: 'manage_identity_pools',
      tls: as.tls,
    }),
  });
}
