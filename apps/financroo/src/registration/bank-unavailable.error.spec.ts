import { HttpsClientError } from '@ofs/platform';
import { reasonOf } from './bank-unavailable.error';

/** What a Financroo user reads when a bank cannot be used: the reason, never an internal address. */
describe('reasonOf', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:8443'), { code: 'ECONNREFUSED' });

  it('names a refused connection, however deeply the transport error is wrapped', () => {
    const wrapped = new HttpsClientError('https://as.internal:8443/x', refused);
    expect(reasonOf(wrapped)).toBe('the server is not reachable (connection refused)');
    expect(reasonOf(new TypeError('fetch failed', { cause: wrapped }))).toBe(
      'the server is not reachable (connection refused)',
    );
  });

  it('names a server that did not answer in time', () => {
    const timeout = Object.assign(new Error('no answer within 10000 ms'), { name: 'TimeoutError' });
    expect(reasonOf(new HttpsClientError('https://as.internal:8443/x', timeout))).toBe(
      'the server did not answer in time',
    );
  });

  it("says why the transport failed, not the HTTPS client's message naming the internal URL", () => {
    const reason = reasonOf(new HttpsClientError('https://as.internal:8443/x', new Error('socket hang up')));
    expect(reason).toBe('socket hang up');
  });

  it("gives an OAuth error's code and description", () => {
    expect(reasonOf({ error: 'invalid_client_metadata', error_description: 'bad jwks' })).toBe(
      'invalid_client_metadata: bad jwks',
    );
  });
});
