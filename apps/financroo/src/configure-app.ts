import type { SandboxAppDefinition } from '@ofs/platform';
import { FinancrooEnv } from './config/financroo.env';
import { financrooEntities } from './database/entities';
import { financrooMigrations } from './database/migrations';
import { FinancrooModule } from './financroo.module';

/** financroo as `npm start` and the e2e tests run it. */
export const financrooApp: SandboxAppDefinition<FinancrooEnv> = {
  name: 'financroo',
  schema: 'financroo',
  envClass: FinancrooEnv,
  database: { entities: financrooEntities, migrations: financrooMigrations },
  listeners: (config) => [
    {
      name: 'web',
      title: 'Financroo',
      description: "The third-party provider: connects a customer's banks and shows accounts, balances and spending.",
      port: config.env.FINANCROO_PORT,
      module: FinancrooModule,
    },
  ],
};
