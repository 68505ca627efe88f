import { compileAuthorizationDetailsSchema, schemaProblem } from './authorization-details-schemas';

describe('authorization_details type schemas (ajv, strict mode, ajv-formats)', () => {
  const base = { type: 'object', properties: { type: { const: 'x' } } };

  it.each<[string, unknown, string | undefined]>([
    ['an object schema', base, undefined],
    ['a narrowable array member', { ...base, properties: { a: { type: 'array', 'x-narrowable': true } } }, undefined],
    ['a format from ajv-formats', { ...base, properties: { a: { type: 'string', format: 'date-time' } } }, undefined],
    ['not an object', ['type'], 'schema must be a JSON object'],
    ['a string schema', { type: 'string' }, "schema must describe an object ('type': 'object')"],
    ['an async schema', { ...base, $async: true }, 'asynchronous schemas are not supported'],
    ['a misspelt type', { ...base, properties: { a: { type: 'strin' } } }, 'schema is not valid: '],
    ['an unknown keyword (strict)', { ...base, maxProperty: 3 }, 'schema is not valid: strict mode: unknown keyword: '],
    [
      'an unknown format (strict)',
      { ...base, properties: { a: { type: 'string', format: 'iban' } } },
      'schema is not valid: ',
    ],
    [
      'x-narrowable not a boolean',
      { ...base, properties: { a: { type: 'array', 'x-narrowable': 'yes' } } },
      'schema is not valid: ',
    ],
    [
      'a pattern with lookahead (the linear-time engine has none)',
      { ...base, properties: { a: { type: 'string', pattern: '^(?!0)\\d+$' } } },
      'schema is not valid: error parsing regexp: invalid or unsupported Perl syntax',
    ],
    [
      'a remote $ref',
      { ...base, properties: { a: { $ref: 'https://schemas.example/a.json' } } },
      'schema is not valid: ',
    ],
  ])('%s', (_name, schema, problem) => {
    if (problem === undefined) expect(schemaProblem(schema)).toBeUndefined();
    else expect(schemaProblem(schema)).toEqual(expect.stringContaining(problem));
  });

  it('two schemas with the same $id (a type replaced, or two servers) both compile and keep their own rules', () => {
    const $id = 'https://schemas.example/t.json';
    const properties = { a: { type: 'number' }, b: { type: 'number' } };
    const v1 = compileAuthorizationDetailsSchema({ type: 'object', $id, properties, required: ['a'] });
    const v2 = compileAuthorizationDetailsSchema({ type: 'object', $id, properties, required: ['b'] });
    expect([v1({ a: 1 }), v2({ a: 1 }), v2({ b: 1 })]).toEqual([true, false, true]);
  });

  it('patterns run in linear time: a catastrophic-backtracking pattern cannot hang a request (ReDoS)', () => {
    // /^(a+)+$/ on 40 000 a's and a "!" would not finish within the test's timeout on a backtracking engine.
    const validate = compileAuthorizationDetailsSchema({
      ...base,
      properties: { ...base.properties, reference: { type: 'string', pattern: '^(a+)+$' } },
    });
    expect(validate({ type: 'x', reference: `${'a'.repeat(40_000)}!` })).toBe(false);
    expect(validate({ type: 'x', reference: 'aaa' })).toBe(true);
  });
});
