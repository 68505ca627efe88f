import { ReadBatcher } from './read-batcher';

/** A store whose statements read when sent and answer when told to, recording the keys of each. */
function store(rows: Record<string, string>) {
  const statements: string[][] = [];
  const pending: Array<() => void> = [];
  let failNext: Error | undefined;
  return {
    loadMany: (keys: string[]) => {
      statements.push(keys);
      const failure = failNext;
      failNext = undefined;
      const found = new Map(keys.filter((k) => k in rows).map((k) => [k, rows[k]!] as [string, string]));
      return new Promise<Map<string, string>>((resolve, reject) =>
        pending.push(() => (failure ? reject(failure) : resolve(found))),
      );
    },
    statements,
    answerAll: () => pending.splice(0).forEach((answer) => answer()),
    failNextWith: (error: Error) => (failNext = error),
    set: (key: string, value: string) => (rows[key] = value),
  };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('ReadBatcher (concurrent point reads in one statement, nothing cached)', () => {
  it('sends the reads asked in one turn of the event loop as one statement, each answered with its own row', async () => {
    const db = store({ a: 'A', b: 'B' });
    const batcher = new ReadBatcher(db.loadMany, { maxBatch: 10, maxInFlight: 1 });
    const reads = [batcher.load('a'), batcher.load('b'), batcher.load('missing'), batcher.load('a')];
    await turn();
    expect(db.statements).toEqual([['a', 'b', 'missing']]);
    db.answerAll();
    expect(await Promise.all(reads)).toEqual(['A', 'B', undefined, 'A']);
  });

  it('a read alone goes out on the next turn, by itself', async () => {
    const db = store({ a: 'A' });
    const batcher = new ReadBatcher(db.loadMany, { maxBatch: 10, maxInFlight: 1 });
    const read = batcher.load('a');
    await turn();
    expect(db.statements).toEqual([['a']]);
    db.answerAll();
    expect(await read).toBe('A');
  });

  it('never answers a read with a statement sent before it was asked (a write committed meanwhile is seen)', async () => {
    const db = store({ c1: 'authorized' });
    const batcher = new ReadBatcher(db.loadMany, { maxBatch: 10, maxInFlight: 1 });
    const before = batcher.load('c1');
    await turn();
    db.set('c1', 'revoked'); // committed while the first statement is out (it read 'authorized')
    const after = batcher.load('c1');
    await turn();
    expect(db.statements).toEqual([['c1']]); // the second read waits: it does not join the statement under way
    db.answerAll();
    expect(await before).toBe('authorized');
    await turn();
    expect(db.statements).toEqual([['c1'], ['c1']]);
    db.answerAll();
    expect(await after).toBe('revoked');
  });

  it('while maxInFlight statements are out, gathers the reads asked meanwhile into the next one', async () => {
    const db = store({ a: 'A', b: 'B', c: 'C', d: 'D' });
    const batcher = new ReadBatcher(db.loadMany, { maxBatch: 10, maxInFlight: 2 });
    const first = batcher.load('a');
    await turn();
    const second = batcher.load('b');
    await turn();
    const rest = [batcher.load('c'), batcher.load('d')];
    await turn();
    expect(db.statements).toEqual([['a'], ['b']]);
    db.answerAll();
    expect([await first, await second]).toEqual(['A', 'B']);
    await turn();
    expect(db.statements).toEqual([['a'], ['b'], ['c', 'd']]);
    db.answerAll();
    expect(await Promise.all(rest)).toEqual(['C', 'D']);
  });

  it('splits a turn with more than maxBatch keys into several statements', async () => {
    const db = store({});
    const batcher = new ReadBatcher(db.loadMany, { maxBatch: 2, maxInFlight: 4 });
    const reads = ['k1', 'k2', 'k3', 'k4', 'k5'].map((k) => batcher.load(k));
    await turn();
    expect(db.statements).toEqual([['k1', 'k2'], ['k3', 'k4'], ['k5']]);
    db.answerAll();
    expect(await Promise.all(reads)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('when a statement of several keys fails, asks each key alone: only the read that fails by itself fails', async () => {
    const db = store({ a: 'A' });
    const refused = new Error('invalid input syntax');
    const loadMany = (keys: string[]) =>
      keys.includes('bad') && keys.length === 1 ? Promise.reject(refused) : db.loadMany(keys);
    const batcher = new ReadBatcher(loadMany, { maxBatch: 10, maxInFlight: 1 });
    db.failNextWith(refused);
    const reads = [batcher.load('a'), batcher.load('bad'), batcher.load('missing')].map((read) =>
      read.then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
    );
    await turn();
    db.answerAll(); // the statement of three keys fails
    await turn();
    expect(db.statements).toEqual([['a', 'bad', 'missing'], ['a'], ['missing']]);
    db.answerAll();
    expect(await Promise.all(reads)).toEqual([{ value: 'A' }, { error: refused }, { value: undefined }]);
  });

  it('fails the read of a failed statement of one key, and sends the next reads as usual', async () => {
    const db = store({ a: 'A' });
    const batcher = new ReadBatcher(db.loadMany, { maxBatch: 10, maxInFlight: 1 });
    db.failNextWith(new Error('connection terminated'));
    const failed = [batcher.load('a'), batcher.load('a')];
    await turn();
    db.answerAll();
    for (const read of failed) await expect(read).rejects.toThrow('connection terminated');
    const next = batcher.load('a');
    await turn();
    db.answerAll();
    expect(await next).toBe('A');
  });

  it('fails the reads when loadMany throws instead of returning a promise', async () => {
    const batcher = new ReadBatcher<string, string>(
      () => {
        throw new Error('not connected');
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    await expect(batcher.load('a')).rejects.toThrow('not connected');
    await expect(batcher.load('b')).rejects.toThrow('not connected');
  });
});
