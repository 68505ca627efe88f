/** auth-server's committed migrations, in order. Generate new ones with `npm run migration:generate -- auth-server <Name>`. */
export const authServerMigrations = [];
