// RFC 9396 §5: an unknown type, or a field its schema refuses, is invalid_authorization_details naming the field (PAR-23).
import type { ValidateFunction } from 'ajv';
import { OAuthError, type OAuthErrorCode } from '../oauth.error';
import type { AuthorizationDetail } from './authorization-details';
import { describeSchemaError } from './authorization-details-schemas';

export interface AuthorizationDetailsPolicy {
  /** The server's types, each with its compiled schema. */
  readonly types: ReadonlyMap<string, { validate: ValidateFunction }>;
  /** The client's registered `authorization_details_types` (RFC 9396 §10); undefined: every type of the server. */
  readonly clientTypes?: readonly string[];
}

/**
 * Every element's type is the server's and the client's, and the element matches its type's schema. The
 * description names the element and field as a JSON pointer into the array, e.g.
 * `authorization_details/0/instructedAmount/amount must match pattern …`.
 */
export function validateAuthorizationDetails(
  details: readonly AuthorizationDetail[],
  policy: AuthorizationDetailsPolicy,
  name = 'authorization_details',
  error: OAuthErrorCode = 'invalid_authorization_details',
): void {
  const invalid = (description: string) => new OAuthError(error, description);
  details.forEach((detail, i) => {
    const type = policy.types.get(detail.type);
    if (!type) throw invalid(`${name}/${i}/type ${detail.type} is not supported`);
    if (policy.clientTypes && !policy.clientTypes.includes(detail.type)) {
      throw invalid(`${name}/${i}/type ${detail.type} is not registered for this client`);
    }
    if (!type.validate(detail)) {
      throw invalid(`${name}/${i}${describeSchemaError(type.validate.errors![0]!)}`);
    }
  });
}
