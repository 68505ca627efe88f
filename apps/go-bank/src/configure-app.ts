import type { SandboxAppDefinition } from '@ofs/platform';
import { ACCESS_TOKEN_SECURITY_SCHEMES } from '@ofs/resource-server';
import { GoBankEnv } from './config/go-bank.env';
import { goBankEntities } from './database/entities';
import { goBankMigrations } from './database/migrations';
import { GoBankApiModule } from './go-bank-api.module';
import { GoBankConsentPageModule } from './go-bank-consent-page.module';

/** go-bank as `npm start` and the e2e tests run it. */
export const goBankApp: SandboxAppDefinition<GoBankEnv> = {
  name: 'go-bank',
  schema: 'go_bank',
  envClass: GoBankEnv,
  database: { entities: goBankEntities, migrations: goBankMigrations },
  listeners: (config) => [
    {
      name: 'api',
      title: 'Go Bank data API',
      description: 'Accounts, balances and transactions, protected by the consent behind the access token.',
      port: config.env.GO_BANK_PORT,
      module: GoBankApiModule.forConfig(config),
      // Certificate-bound tokens (RFC 8705) are presented with their certificate on this very port.
      clientCertificate: 'optional',
      securitySchemes: ACCESS_TOKEN_SECURITY_SCHEMES,
      apiPaths: ['/banking/'],
    },
    {
      name: 'consent-page',
      title: 'Go Bank consent page',
      description: 'Where Go Bank customers pick the accounts they share with a third party.',
      port: config.env.GO_BANK_CONSENT_PORT,
      module: GoBankConsentPageModule.forConfig(config),
    },
  ],
};
