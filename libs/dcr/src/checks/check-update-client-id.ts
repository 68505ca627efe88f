// RFC 7592 §2.2 (REG-12): the update names the client it replaces; it MUST be the client's current client_id.
import { invalidClientMetadata } from '../metadata-check-context';

export function checkUpdateClientId(body: Readonly<Record<string, unknown>>, clientId: string): void {
  if (body.client_id === undefined || body.client_id === null) {
    throw invalidClientMetadata('client_id is required in a client update request');
  }
  if (body.client_id !== clientId) {
    throw invalidClientMetadata('client_id does not match the client of this registration_client_uri');
  }
}
