import { mergePatch } from './identity-pool.service';

// RFC 7396 Appendix A: the merge patch examples, as records' attributes are patched.
describe('JSON merge patch (RFC 7396)', () => {
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j patched with %j is %j', (target, patch, expected) => {
    expect(mergePatch(target, patch)).toEqual(expected);
  });

  it('leaves the target untouched and keeps a "__proto__" member a plain member', () => {
    const target = { a: { b: 1 } };
    const patched = mergePatch(target, JSON.parse('{"a": {"c": 2}, "__proto__": {"polluted": true}}'));
    expect(target).toEqual({ a: { b: 1 } });
    expect(Object.getPrototypeOf(patched)).toBe(Object.prototype);
    expect((patched as { polluted?: unknown }).polluted).toBeUndefined();
    expect(JSON.parse(JSON.stringify(patched))).toEqual(
      JSON.parse('{"a": {"b": 1, "c": 2}, "__proto__": {"polluted": true}}'),
    );
  });
});
