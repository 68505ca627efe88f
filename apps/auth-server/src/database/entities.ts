/** auth-server's TypeORM entities. */
export const authServerEntities = [];
