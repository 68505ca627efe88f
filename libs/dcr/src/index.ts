export {
  ENCRYPTION_MEMBERS,
  FAPI_REGISTRATION_DEFAULTS,
  SIGNING_ALG_MEMBERS,
  TLS_CLIENT_AUTH_SUBJECT_MEMBERS,
  type GrantType,
  type PublicJwkSet,
  type RegisteredClientMetadata,
  type RegistrationPolicy,
  type ResponseType,
  type SubjectType,
  type TlsClientAuthSubjectMember,
  type TokenEndpointAuthMethod,
} from './client-metadata';
export { KNOWN_METADATA_MEMBERS } from './parse-client-metadata';
export { CLIENT_METADATA_CHECKS, validateClientMetadata } from './validate-client-metadata';
export { validateClientUpdate } from './validate-client-update';
export {
  clientInformationResponse,
  type ClientInformationResponse,
  type ClientRegistrationCredentials,
} from './client-information-response';
