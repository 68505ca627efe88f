/**
 * An entity from a row as node-postgres returns it (`SELECT *`, for the hot paths that skip TypeORM's query
 * builder): each snake_case column onto its camelCase property, as the entities name them. `dates` lists
 * columns that arrive as ISO strings (through `row_to_json`) and become Dates.
 */
export function entityFromRow<T extends object>(
  entity: new () => T,
  row: Record<string, unknown>,
  dates: readonly string[] = [],
): T {
  const target = new entity() as Record<string, unknown>;
  for (const column in row) {
    const value = row[column];
    target[propertyOf(column)] = dates.includes(column) && typeof value === 'string' ? new Date(value) : value;
  }
  return target as T;
}

/** camelCase property names by column: the same few dozen columns on every request. */
const properties = new Map<string, string>();

function propertyOf(column: string): string {
  let property = properties.get(column);
  if (property === undefined) {
    property = column.replace(/_([a-z0-9])/g, (_match, next: string) => next.toUpperCase());
    if (properties.size < 1000) properties.set(column, property);
  }
  return property;
}
