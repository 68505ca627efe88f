import { isPathId, statusField, textField } from './search-input';

describe('console search fields', () => {
  it.each([
    ['an empty field is no filter', '   ', 'account', {}],
    ['a missing field is no filter', undefined, 'account', {}],
    ['an account id, trimmed', ' 96534987 ', 'account', { value: '96534987' }],
    [
      'an account id with a space cannot match',
      '9653 4987',
      'account',
      { value: '9653 4987', error: expect.any(String) },
    ],
    [
      'an account id of 65 characters cannot match',
      'a'.repeat(65),
      'account',
      { value: 'a'.repeat(65), error: expect.any(String) },
    ],
    ['a client id', 'Ab3-_.~', 'client', { value: 'Ab3-_.~' }],
    ['a client id with a space cannot match', 'a b', 'client', { value: 'a b', error: expect.any(String) }],
    ['a customer name with spaces', 'Joe Doe', 'text', { value: 'Joe Doe' }],
    ['a repeated parameter (an array) is no filter', ['1', '2'], 'account', {}],
  ] as const)('%s', (_name, value, rule, expected) => {
    expect(textField(value, rule)).toEqual(expected);
  });

  it.each([
    ['authorized', 'authorized'],
    ['revoked', 'revoked'],
    ['gone', undefined],
    ['', undefined],
  ])('status %p → %p', (value, expected) => {
    expect(statusField(value)).toBe(expected);
  });

  it.each([
    ['a Go Bank id', 'q1w2e3r4t5y6u7i8o9p0a1s2', true],
    ['a pool record id', '0b7f5e0e-8d3c-4c59-9a57-2a3cbb1c8c11', true],
    ['an id with a space', 'a b', false],
    ['an id of 201 characters', 'x'.repeat(201), false],
    ['an empty id', '', false],
  ])('%s names a consent: %p', (_name, id, expected) => {
    expect(isPathId(id)).toBe(expected);
  });
});
