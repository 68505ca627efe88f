import type { SandboxAppDefinition } from '@ofs/platform';
import { ACCESS_TOKEN_SECURITY_SCHEMES } from '@ofs/resource-server';
import { HyperscaleBankEnv } from './config/hyperscale-bank.env';
import { hyperscaleBankEntities } from './database/entities';
import { hyperscaleBankMigrations } from './database/migrations';
import { HyperscaleBankApiModule } from './hyperscale-bank-api.module';
import { HyperscaleBankConsentPageModule } from './hyperscale-bank-consent-page.module';

/** hyperscale-bank as `npm start` and the e2e tests run it. */
export const hyperscaleBankApp: SandboxAppDefinition<HyperscaleBankEnv> = {
  name: 'hyperscale-bank',
  schema: 'hyperscale_bank',
  envClass: HyperscaleBankEnv,
  database: { entities: hyperscaleBankEntities, migrations: hyperscaleBankMigrations },
  listeners: (config) => [
    {
      name: 'api',
      title: 'Hyperscale Bank data API',
      description: 'Accounts, balances and transactions, protected by the consent behind the access token.',
      port: config.env.HYPERSCALE_BANK_PORT,
      module: HyperscaleBankApiModule.forConfig(config),
      // Certificate-bound tokens (RFC 8705) are presented with their certificate on this very port.
      clientCertificate: 'optional',
      securitySchemes: ACCESS_TOKEN_SECURITY_SCHEMES,
      apiPaths: ['/banking/'],
    },
    {
      name: 'consent-page',
      title: 'Hyperscale Bank consent page',
      description: 'Where Hyperscale Bank customers pick the accounts they share with a third party.',
      port: config.env.HYPERSCALE_BANK_CONSENT_PORT,
      module: HyperscaleBankConsentPageModule.forConfig(config),
    },
  ],
};
