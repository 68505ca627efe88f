import { Injectable } from '@nestjs/common';
import { verifyRequestObject } from '@ofs/fapi';
import type { ClientEntity } from '../clients/client.entity';
import { ClientService } from '../clients/client.service';
import type { ServerContext } from '../servers/server-context';

/** Form parameters that authenticate the client: never part of the authorization request. */
const CLIENT_AUTH_PARAMETERS = ['client_assertion', 'client_assertion_type'];

/**
 * RFC 9126 §3 and RFC 9101 §5: the authorization request a PAR carries. With `request`, only the verified
 * request object's parameters count (parameters outside it are ignored); without, the form's.
 */
@Injectable()
export class RequestObjectReader {
  constructor(private readonly clients: ClientService) {}

  async authorizationRequest(
    form: Record<string, string>,
    client: ClientEntity,
    server: ServerContext,
    now: Date,
  ): Promise<Record<string, string>> {
    if (form.request === undefined) {
      return Object.fromEntries(Object.entries(form).filter(([name]) => !CLIENT_AUTH_PARAMETERS.includes(name)));
    }
    return verifyRequestObject({
      request: form.request,
      issuer: server.issuer,
      clientId: client.clientId,
      keys: this.clients.keysOf(client),
      registeredAlg: client.metadata.request_object_signing_alg,
      now,
    });
  }
}
