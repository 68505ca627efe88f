/** go-bank's committed migrations, in order. Generate new ones with `npm run migration:generate -- go-bank <Name>`. */
export const goBankMigrations = [];
