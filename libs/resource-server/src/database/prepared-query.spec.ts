import type { DataSource } from 'typeorm';
import { preparedQuery, type PreparedQuery } from './prepared-query';

describe('preparedQuery (hot-path statements as named prepared statements on the pg pool)', () => {
  const poolOf = () => {
    const sent: Array<Required<PreparedQuery>> = [];
    const db = {
      driver: {
        master: {
          query: (config: Required<PreparedQuery>) => (sent.push(config), Promise.resolve({ rows: [{ n: 1 }] })),
        },
      },
      query: () => Promise.reject(new Error('not through TypeORM')),
    } as unknown as DataSource;
    return { db, sent };
  };

  it('sends the statement to the pool under a name derived from its text: the same text, the same name', async () => {
    const { db, sent } = poolOf();
    await expect(preparedQuery(db, { text: 'SELECT $1::int AS n', values: [1] })).resolves.toEqual([{ n: 1 }]);
    await preparedQuery(db, { text: 'SELECT $1::int AS n', values: [2] });
    await preparedQuery(db, { text: 'SELECT $1::int + 1 AS n', values: [2] });
    expect(sent.map((q) => q.values)).toEqual([[1], [2], [2]]);
    expect(sent[0]!.name).toMatch(/^ofs_[\w-]{32}$/);
    expect(sent[1]!.name).toBe(sent[0]!.name);
    expect(sent[2]!.name).not.toBe(sent[0]!.name);
  });

  it('keeps a given name', async () => {
    const { db, sent } = poolOf();
    await preparedQuery(db, { name: 'consent_by_id', text: 'SELECT 1', values: [] });
    expect(sent[0]!.name).toBe('consent_by_id');
  });

  it('goes through db.query where there is no pg pool', async () => {
    const db = { driver: {}, query: (text: string, values: unknown[]) => Promise.resolve([{ text, values }]) };
    await expect(
      preparedQuery(db as unknown as DataSource, { name: 'x', text: 'SELECT $1', values: ['a'] }),
    ).resolves.toEqual([{ text: 'SELECT $1', values: ['a'] }]);
  });
});
