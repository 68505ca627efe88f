// RFC 9396 §2 and §5: authorization_details is a JSON array of objects, each with a supported `type` (PAR-23).
import { OAuthError } from '@ofs/oauth';
import type { ParCheck } from './par-check';

export const checkAuthorizationDetails: ParCheck = ({ params, client, server }) => {
  if (params.authorization_details === undefined) return;
  let details: unknown;
  try {
    details = JSON.parse(params.authorization_details);
  } catch {
    throw invalid('authorization_details is not valid JSON');
  }
  if (!Array.isArray(details) || details.length === 0)
    throw invalid('authorization_details must be a non-empty JSON array');
  const supported = server.entity.settings.authorizationDetailsTypes;
  const allowed = client.metadata.authorization_details_types as string[] | undefined;
  for (const detail of details) {
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
      throw invalid('every authorization_details element must be an object');
    }
    const type = (detail as { type?: unknown }).type;
    if (typeof type !== 'string' || type === '')
      throw invalid('every authorization_details element needs a string type');
    if (!supported.includes(type)) throw invalid(`authorization_details type ${type} is not supported`);
    if (allowed && !allowed.includes(type))
      throw invalid(`the client is not registered for authorization_details type ${type}`);
  }
};

const invalid = (description: string) => new OAuthError('invalid_authorization_details', description);
