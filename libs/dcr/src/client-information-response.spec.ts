import { clientInformationResponse } from './client-information-response';
import type { RegisteredClientMetadata } from './client-metadata';

const METADATA: RegisteredClientMetadata = {
  redirect_uris: ['https://tpp.example.com/callback'],
  token_endpoint_auth_method: 'private_key_jwt',
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  scope: 'openid accounts',
  jwks_uri: 'https://tpp.example.com/jwks.json',
  id_token_signed_response_alg: 'PS256',
  subject_type: 'public',
  dpop_bound_access_tokens: false,
  tls_client_certificate_bound_access_tokens: false,
  require_pushed_authorization_requests: true,
};

const MANAGEMENT = {
  registration_access_token: 'rat-1',
  registration_client_uri: 'https://as.sandbox.example/oauth2/register/c1',
};

describe('REG-01 RFC 7591 §3.2.1: client information response', () => {
  it('REG-01 holds client_id first, every registered value, and the RFC 7592 credentials', () => {
    const response = clientInformationResponse(METADATA, {
      client_id: 'c1',
      client_id_issued_at: 1_788_000_000,
      ...MANAGEMENT,
    });
    expect(response).toEqual({ client_id: 'c1', client_id_issued_at: 1_788_000_000, ...METADATA, ...MANAGEMENT });
    expect(Object.keys(response).slice(0, 2)).toEqual(['client_id', 'client_id_issued_at']);
    expect(Object.keys(response).slice(-2)).toEqual(['registration_access_token', 'registration_client_uri']);
  });

  it('REG-01 never carries a client secret (no secret-based client authentication)', () => {
    const response = clientInformationResponse(METADATA, { client_id: 'c1', ...MANAGEMENT });
    expect(response).not.toHaveProperty('client_secret');
    expect(response).not.toHaveProperty('client_secret_expires_at');
    expect(response).not.toHaveProperty('client_id_issued_at');
  });

  it('REG-01 leaves out both management members for a client without RFC 7592 management', () => {
    const response = clientInformationResponse(METADATA, { client_id: 'c1' });
    expect(response).not.toHaveProperty('registration_access_token');
    expect(response).not.toHaveProperty('registration_client_uri');
  });

  it.each([
    ['an empty client_id', { client_id: '' }, 'client_id'],
    ['a fractional client_id_issued_at', { client_id: 'c1', client_id_issued_at: 1.5 }, 'client_id_issued_at'],
    ['a token without a URI', { client_id: 'c1', registration_access_token: 'rat-1' }, 'go together'],
    [
      'a URI without a token',
      { client_id: 'c1', registration_client_uri: MANAGEMENT.registration_client_uri },
      'go together',
    ],
    ['an empty token', { ...MANAGEMENT, client_id: 'c1', registration_access_token: '' }, 'registration_access_token'],
    ['an http URI', { ...MANAGEMENT, client_id: 'c1', registration_client_uri: 'http://as/c1' }, 'https'],
  ])('REG-01 refuses %s (a server bug, not a client error)', (_name, credentials, message) => {
    expect(() => clientInformationResponse(METADATA, credentials)).toThrow(TypeError);
    expect(() => clientInformationResponse(METADATA, credentials)).toThrow(message);
  });
});
