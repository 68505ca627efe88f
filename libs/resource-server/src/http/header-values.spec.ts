import { headerValues } from './header-values';

describe('headerValues (what headersDistinct gives for one header)', () => {
  it.each([
    ['absent', ['Authorization', 'DPoP x'], undefined],
    ['once, any case', ['dPoP', 'proof-1', 'Authorization', 'DPoP x'], ['proof-1']],
    [
      'twice (RFC 9449 §4.3 refuses it): both values, in order',
      ['DPoP', 'proof-1', 'dpop', 'proof-2'],
      ['proof-1', 'proof-2'],
    ],
    ['empty', ['DPoP', ''], ['']],
    ['a longer name is another header', ['DPoP-Nonce', 'n'], undefined],
  ])('%s', (_case, rawHeaders, expected) => {
    expect(headerValues({ rawHeaders }, 'dpop')).toEqual(expected);
  });
});
