/** hyperscale-bank's TypeORM entities. */
export const hyperscaleBankEntities = [];
