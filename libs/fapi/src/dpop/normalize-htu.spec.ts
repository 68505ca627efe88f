import { normalizeHtu } from './normalize-htu';

describe('normalizeHtu: RFC 9449 §4.3 (9), RFC 3986 §6.2.2-6.2.3', () => {
  it.each([
    ['already normal', 'https://as.example/token', 'https://as.example/token'],
    ['RS-06: query and fragment ignored', 'https://as.example/token?x=1#frag', 'https://as.example/token'],
    ['RS-06 [W]: scheme and host case', 'HTTPS://AS.Example/token', 'https://as.example/token'],
    ['RS-06 [W]: default port', 'https://as.example:443/token', 'https://as.example/token'],
    ['http default port', 'http://localhost:80/token', 'http://localhost/token'],
    ['non-default port kept', 'https://as.example:8443/token', 'https://as.example:8443/token'],
    ['empty path is /', 'https://as.example', 'https://as.example/'],
    ['dot segments removed', 'https://as.example/a/../token', 'https://as.example/token'],
    ['percent-encoding upper-cased', 'https://as.example/a%2fb', 'https://as.example/a%2Fb'],
    ['unreserved percent-encoding decoded', 'https://as.example/%7ealice', 'https://as.example/~alice'],
    ['path case kept', 'https://as.example/Token', 'https://as.example/Token'],
    ['trailing slash kept', 'https://as.example/token/', 'https://as.example/token/'],
  ])('%s', (_name, input, expected) => {
    expect(normalizeHtu(input)).toBe(expected);
  });

  it.each([['not a url'], ['/token'], ['ftp://as.example/token'], ['https://user:pw@as.example/token'], ['urn:x:y']])(
    'refuses %s',
    (input) => {
      expect(normalizeHtu(input)).toBeUndefined();
    },
  );
});
