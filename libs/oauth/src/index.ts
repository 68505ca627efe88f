export {
  OAuthError,
  errorDescriptionSafe,
  isOAuthError,
  type OAuthErrorCode,
  type OAuthErrorOptions,
} from './oauth.error';
export { OAuthErrorFilter, toOAuthError } from './oauth-error.filter';
export { singleValuedParameters, requireParameter } from './form-parameters';
