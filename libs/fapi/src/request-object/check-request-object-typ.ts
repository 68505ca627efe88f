// RFC 9101 §10.8 (explicit typing): typ absent or oauth-authz-req+jwt, compared case-insensitively (PAR-21).
import { invalidRequestObject, type RequestObjectCheck } from './request-object-context';

const MEDIA_TYPE = 'oauth-authz-req+jwt';

/** Any other type (an ID token, a client assertion, …) is not a request object, whatever its claims say. */
export const checkRequestObjectTyp: RequestObjectCheck = ({ header }) => {
  if (header.typ === undefined) return;
  const typ = typeof header.typ === 'string' ? header.typ.toLowerCase() : undefined;
  if (typ !== MEDIA_TYPE && typ !== `application/${MEDIA_TYPE}`) {
    throw invalidRequestObject(`request object typ must be ${MEDIA_TYPE}`);
  }
};
