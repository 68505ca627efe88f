/** consent-admin's committed migrations, in order. Generate new ones with `npm run migration:generate -- consent-admin <Name>`. */
export const consentAdminMigrations = [];
