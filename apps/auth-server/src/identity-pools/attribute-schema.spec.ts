import { compileAttributeSchema } from './attribute-schema';
import { IdentityPoolError } from './identity-pool.error';

describe('pool attribute schemas (JSON Schema draft 2020-12)', () => {
  const consent = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    required: ['subject', 'status'],
    properties: {
      subject: { type: 'string', minLength: 1 },
      status: { enum: ['authorized', 'rejected', 'revoked'] },
      created_at: { type: 'string', format: 'date-time' },
      account_ids: { type: 'array', items: { type: 'string' }, uniqueItems: true },
    },
    additionalProperties: false,
  };

  it('accepts valid attributes and lists every problem of invalid ones', () => {
    const validate = compileAttributeSchema(consent);
    expect(validate({ subject: 'user', status: 'authorized', created_at: '2026-12-02T10:00:00Z' })).toEqual([]);
    expect(validate({ status: 'gone', created_at: 'yesterday', extra: 1 })).toEqual(
      expect.arrayContaining([
        "/ must have required property 'subject'",
        '/status must be equal to one of the allowed values',
        '/created_at must match format "date-time"',
        '/ must NOT have additional properties',
      ]),
    );
  });

  it('runs patterns in linear time: a catastrophic-backtracking pattern cannot hang validation (ReDoS)', () => {
    // With a backtracking engine, /^(a+)+$/ on 40 000 a's followed by "!" would not finish within the test's timeout.
    const validate = compileAttributeSchema({
      type: 'object',
      properties: { name: { type: 'string', pattern: '^(a+)+$' } },
      patternProperties: { '^(x+x+)+y$': { type: 'integer' } },
    });
    expect(validate({ name: `${'a'.repeat(40_000)}!` })).toEqual(['/name must match pattern "^(a+)+$"']);
    expect(validate({ name: 'aaaa', [`${'x'.repeat(40_000)}y`]: 1 })).toEqual([]);
    expect(validate({ [`${'x'.repeat(20)}y`]: 'one' })).toEqual([`/${'x'.repeat(20)}y must be integer`]);
  });

  it('refuses a pattern the linear-time engine cannot run (lookaround, backreferences) with its reason', () => {
    const error = (() => {
      try {
        compileAttributeSchema({ type: 'object', properties: { pin: { type: 'string', pattern: '^(?=.*1)\\d+$' } } });
      } catch (e) {
        return e as IdentityPoolError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(IdentityPoolError);
    expect(error!.message).toMatch(/^the schema does not compile: .*invalid or unsupported Perl syntax/);
  });

  it('uses draft 2020-12 keywords (prefixItems, unevaluatedProperties)', () => {
    const validate = compileAttributeSchema({
      type: 'object',
      properties: { pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false } },
      unevaluatedProperties: false,
    });
    expect(validate({ pair: ['a', 1] })).toEqual([]);
    expect(validate({ pair: ['a', 1, 2] })).not.toEqual([]);
    expect(validate({ other: 1 })).not.toEqual([]);
  });

  it.each([
    ['not an object', [1, 2]],
    ['null', null],
    ['a root that is not an object type', { type: 'string' }],
    ['no root type', { properties: {} }],
    ['another draft', { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' }],
    ['an unknown keyword (strict)', { type: 'object', propertiez: {} }],
    ['an unknown format', { type: 'object', properties: { a: { type: 'string', format: 'colour' } } }],
    ['a wrong keyword value', { type: 'object', required: 'subject' }],
    ['an unresolvable $ref', { type: 'object', properties: { a: { $ref: 'https://example.com/s.json' } } }],
    ['an asynchronous schema', { $async: true, type: 'object' }],
  ])('refuses %s as 422 invalid-schema', (_case, schema) => {
    let thrown: unknown;
    try {
      compileAttributeSchema(schema);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(IdentityPoolError);
    expect([(thrown as IdentityPoolError).status, (thrown as IdentityPoolError).type]).toEqual([
      422,
      'urn:ofs:problem:invalid-schema',
    ]);
  });
});
