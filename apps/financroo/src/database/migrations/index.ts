/** financroo's committed migrations, in order. Generate new ones with `npm run migration:generate -- financroo <Name>`. */
export const financrooMigrations = [];
