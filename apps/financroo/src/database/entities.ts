/** financroo's TypeORM entities. */
export const financrooEntities = [];
