import type { Bank } from '../config/banks-file';
import { registrationRetryDelay } from './bank-registrar.service';
import { clientMetadata, sameMetadata } from './client-metadata';

const bank = (authentication: Bank['authentication']): Bank => ({
  id: 'gobank',
  name: 'Go Bank',
  issuer: 'https://localhost:8443/obgeneric/gobank',
  internalIssuer: 'https://localhost:8443/obgeneric/gobank',
  dataApiUrl: 'https://localhost:8070',
  enableDcr: true,
  authentication,
});
const options = {
  publicBase: 'https://localhost:8091',
  signingJwk: { kty: 'RSA', n: 'n', e: 'AQAB', kid: 'k', alg: 'PS256', use: 'sig' },
  certificateSubject: 'CN=financroo,OU=TPP,O=Financroo,C=GB',
};

describe('the client metadata Financroo registers (RFC 7591 §2)', () => {
  it('private_key_jwt with DPoP-bound tokens, signed request objects, RAR account_information', () => {
    expect(clientMetadata(bank('private_key_jwt'), options)).toEqual({
      client_name: 'Financroo',
      client_uri: 'https://localhost:8091',
      redirect_uris: ['https://localhost:8091/callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: 'openid offline_access accounts',
      jwks: { keys: [options.signingJwk] },
      authorization_details_types: ['account_information'],
      require_signed_request_object: true,
      request_object_signing_alg: 'PS256',
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'PS256',
      dpop_bound_access_tokens: true,
    });
  });

  it('tls_client_auth with the certificate subject and certificate-bound tokens', () => {
    expect(clientMetadata(bank('tls_client_auth'), options)).toMatchObject({
      token_endpoint_auth_method: 'tls_client_auth',
      tls_client_auth_subject_dn: 'CN=financroo,OU=TPP,O=Financroo,C=GB',
      tls_client_certificate_bound_access_tokens: true,
    });
    expect(clientMetadata(bank('tls_client_auth'), options)).not.toHaveProperty('dpop_bound_access_tokens');
  });

  it('a change is a change whatever the key order; the same metadata is no update', () => {
    const a = clientMetadata(bank('private_key_jwt'), options);
    const reordered = Object.fromEntries(Object.entries(a).reverse());
    expect(sameMetadata(a, reordered)).toBe(true);
    expect(sameMetadata(a, { ...a, redirect_uris: ['https://localhost:9000/callback'] })).toBe(false);
    expect(sameMetadata(a, clientMetadata(bank('tls_client_auth'), options))).toBe(false);
  });

  it('a bank that is down is tried again after 2 s, 4 s, 8 s, … at most a minute', () => {
    expect([1, 2, 3, 4, 6, 7, 20].map(registrationRetryDelay)).toEqual([2000, 4000, 8000, 16000, 60000, 60000, 60000]);
  });
});
