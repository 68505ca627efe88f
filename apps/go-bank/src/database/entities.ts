/** go-bank's TypeORM entities. */
export const goBankEntities = [];
