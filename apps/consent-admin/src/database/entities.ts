/** consent-admin's TypeORM entities. */
export const consentAdminEntities = [];
