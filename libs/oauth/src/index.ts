export {
  OAuthError,
  errorDescriptionSafe,
  isOAuthError,
  type OAuthErrorCode,
  type OAuthErrorOptions,
} from './oauth.error';
export { OAuthErrorFilter, toOAuthError } from './oauth-error.filter';
export { singleValuedParameters, requireParameter } from './form-parameters';
export {
  MAX_AUTHORIZATION_DETAILS,
  invalidAuthorizationDetails,
  parseAuthorizationDetails,
  shapeOf as authorizationDetailsShape,
  type AuthorizationDetail,
} from './authorization-details/authorization-details';
export {
  NARROWABLE_KEYWORD,
  compileAuthorizationDetailsSchema,
  schemaProblem,
  type AuthorizationDetailsSchema,
} from './authorization-details/authorization-details-schemas';
export {
  validateAuthorizationDetails,
  type AuthorizationDetailsPolicy,
} from './authorization-details/validate-authorization-details';
export { linearRegExp } from './json-schema/linear-regexp';
export { checkGrantedDetails, type NarrowingCheck } from './authorization-details/check-granted-details';
