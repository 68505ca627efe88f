export { ACCOUNTS_SCOPE, accessOf, CONSENT_CHECKS, ConsentAccessResolver } from './access/consent-access.resolver';
export { bankDataApi, type BankDataApiOptions } from './bank/bank-data-api';
export { bankAuthServer, type BankAuthServer, type BankIdentity } from './config/bank-auth-server.config';
export { BankAuthServerEnv, HTTPS_ORIGIN } from './config/bank-auth-server.env';
export {
  BANK_CONSENT_STORE,
  type BankConsent,
  type BankConsentStore,
  type NewBankConsent,
} from './consents/bank-consent-store';
export { ConsentStorageConsentStore } from './consents/consent-storage.consent-store';
export { IdentityPoolConsentStore, type IdentityPoolConsentStoreOptions } from './consents/identity-pool.consent-store';
export { ConsentPageModule, type ConsentPageModuleOptions } from './consent-page/consent-page.module';
export { CONSENT_PAGE_OPTIONS, type ConsentPageOptions } from './consent-page/consent-page.options';
export { narrowed } from './consent-page/consent-page.service';
export {
  AuthServerLoginsClient,
  LoginsError,
  type AcceptLogin,
  type PendingLogin,
  type RejectLogin,
} from './logins/auth-server-logins.client';
export {
  SystemApiClient,
  SystemApiUnavailableError,
  type SystemApiClientOptions,
} from './system-api/system-api.client';
export { BankResourceServerReplay1796500000000 } from './database/resource-server-replay.migration';
