// RFC 9396 §2 and §5: authorization_details is a JSON array of objects, each of a type the server and the client accept, matching its schema (PAR-23).
import { parseAuthorizationDetails, validateAuthorizationDetails } from '@ofs/oauth';
import type { ParCheck } from './par-check';

export const checkAuthorizationDetails: ParCheck = ({ params, client, server }) => {
  if (params.authorization_details === undefined) return;
  validateAuthorizationDetails(parseAuthorizationDetails(params.authorization_details), {
    types: server.authorizationDetailsTypes,
    clientTypes: client.metadata.authorization_details_types,
  });
};
