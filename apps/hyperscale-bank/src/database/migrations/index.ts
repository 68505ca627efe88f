/** hyperscale-bank's committed migrations, in order. Generate new ones with `npm run migration:generate -- hyperscale-bank <Name>`. */
export const hyperscaleBankMigrations = [];
