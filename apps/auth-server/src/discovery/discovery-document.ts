import { SERVER_SIGNING_ALGS } from '../keys/signing-key.service';
import type { ServerContext } from '../servers/server-context';

/** The server's endpoints, under its issuer (paths follow the reference quickstart's conventions). */
export function endpointsOf(base: string) {
  return {
    authorization_endpoint: `${base}/oauth2/authorize`,
    token_endpoint: `${base}/oauth2/token`,
    pushed_authorization_request_endpoint: `${base}/par`,
    registration_endpoint: `${base}/oauth2/register`,
    introspection_endpoint: `${base}/oauth2/introspect`,
    revocation_endpoint: `${base}/oauth2/revoke`,
    userinfo_endpoint: `${base}/userinfo`,
  };
}

const CLIENT_AUTH_METHODS = ['private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth'];

/** OIDC Discovery 1.0 §3 / RFC 8414 §2 metadata of one server (DISC-01..DISC-22). */
export function discoveryDocument(server: ServerContext): Record<string, unknown> {
  const { issuer, mtlsBase, entity } = server;
  const endpoints = endpointsOf(issuer);
  const { authorization_endpoint: _authorization, ...aliasable } = endpointsOf(mtlsBase);
  const algs = [...SERVER_SIGNING_ALGS];
  return {
    issuer,
    ...endpoints,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    mtls_endpoint_aliases: aliasable,
    scopes_supported: entity.settings.scopes,
    response_types_supported: ['code'],
    // JARM §3: `jwt` (for the code flow, `query.jwt`) signs the authorization response (AUTHZ-17, DISC-19).
    response_modes_supported: ['query', 'jwt', 'query.jwt'],
    authorization_signing_alg_values_supported: algs,
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    subject_types_supported: ['public'],
    code_challenge_methods_supported: ['S256'],
    require_pushed_authorization_requests: true,
    authorization_response_iss_parameter_supported: true,
    token_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    token_endpoint_auth_signing_alg_values_supported: algs,
    introspection_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    introspection_endpoint_auth_signing_alg_values_supported: algs,
    revocation_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    revocation_endpoint_auth_signing_alg_values_supported: algs,
    dpop_signing_alg_values_supported: algs,
    tls_client_certificate_bound_access_tokens: true,
    id_token_signing_alg_values_supported: algs,
    // RFC 9101 §10.5, FAPI2-MS 5.3.1: signed request objects at PAR (DISC-19).
    request_parameter_supported: true,
    request_object_signing_alg_values_supported: algs,
    require_signed_request_object: entity.settings.requireSignedRequestObject === true,
    request_uri_parameter_supported: true,
    authorization_details_types_supported: [...server.authorizationDetailsTypes.keys()],
    claims_parameter_supported: false,
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'nonce',
      'acr',
      'amr',
      'email',
      'email_verified',
      'name',
      'given_name',
      'family_name',
    ],
  };
}
