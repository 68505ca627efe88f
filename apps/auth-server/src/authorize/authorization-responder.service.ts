import { Injectable } from '@nestjs/common';
import { isJarmResponseMode, signJarmResponse } from '@ofs/fapi';
import { ClientService } from '../clients/client.service';
import { SERVER_SIGNING_ALGS, SigningKeyService, type ServerSigningAlg } from '../keys/signing-key.service';
import type { ServerContext } from '../servers/server-context';

/**
 * The authorization response (success or error) as a redirect to the pushed, verified redirect_uri:
 * RFC 6749 §4.1.2 query parameters with RFC 9207 `iss` (AUTHZ-01, AUTHZ-12), or, for `response_mode=jwt` and
 * `query.jwt`, one `response` parameter holding a JWT the server signs (JARM §2.3.1, AUTHZ-17).
 */
@Injectable()
export class AuthorizationResponder {
  constructor(
    private readonly keys: SigningKeyService,
    private readonly clients: ClientService,
  ) {}

  async location(
    server: ServerContext,
    clientId: string,
    request: { redirect_uri?: string; state?: string; response_mode?: string },
    values: Record<string, string | undefined>,
    now: Date,
  ): Promise<string> {
    const response = { ...values, state: request.state };
    if (!isJarmResponseMode(request.response_mode)) {
      return redirectTo(request.redirect_uri!, { ...response, iss: server.issuer });
    }
    const key = await this.keys.signingKey(server.entity.id, await this.jarmAlg(server, clientId));
    const jwt = await signJarmResponse({ issuer: server.issuer, clientId, values: response, now, key });
    return redirectTo(request.redirect_uri!, { response: jwt });
  }

  /** JARM §3: the client's authorization_signed_response_alg, else PS256 (never the JARM default RS256). */
  private async jarmAlg(server: ServerContext, clientId: string): Promise<ServerSigningAlg> {
    const client = await this.clients.findForServer(server.entity.id, clientId);
    const registered = client?.metadata.authorization_signed_response_alg;
    return SERVER_SIGNING_ALGS.includes(registered as ServerSigningAlg) ? (registered as ServerSigningAlg) : 'PS256';
  }
}

/** The verified redirect URI with the response appended to its own query (AUTHZ-01: registered query kept). */
export function redirectTo(redirectUri: string, values: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(values)) if (value !== undefined) url.searchParams.append(name, value);
  return url.href;
}
