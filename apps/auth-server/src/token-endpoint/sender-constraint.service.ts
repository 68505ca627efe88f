import { Injectable } from '@nestjs/common';
import { verifyDpopProof } from '@ofs/fapi';
import { OAuthError } from '@ofs/oauth';
import type { Request } from 'express';
import type { AuthenticatedClient } from '../client-auth/authenticated-client';
import { Clock } from '../common/clock';
import { PgReplayStore } from '../replay/pg-replay.store';
import { DpopNonces } from './dpop-nonces';
import type { SenderBinding } from './sender-binding';

/**
 * FAPI2-SP 5.3.2.1-4, TOKEN-04: a token is bound to a DPoP key (RFC 9449 §5) or to the client certificate of
 * this connection (RFC 8705 §3); a request offering neither is refused.
 */
@Injectable()
export class SenderConstraintService {
  constructor(
    private readonly replay: PgReplayStore,
    private readonly nonces: DpopNonces,
    private readonly clock: Clock,
  ) {}

  async bind(req: Request, client: AuthenticatedClient, htu: string): Promise<SenderBinding> {
    const proof = req.headers.dpop;
    if (proof !== undefined) {
      const { jkt } = await verifyDpopProof({
        proof: req.headersDistinct.dpop ?? proof,
        htm: req.method,
        htu,
        nonce: this.nonces,
        now: this.clock.now(),
        replay: this.replay,
      });
      return { tokenType: 'DPoP', jkt };
    }
    if (client.client.metadata.dpop_bound_access_tokens === true) {
      throw new OAuthError('invalid_dpop_proof', 'this client must send a DPoP proof');
    }
    if (client.certificateThumbprint) return { tokenType: 'Bearer', x5tS256: client.certificateThumbprint };
    throw new OAuthError('invalid_request', 'a DPoP proof or a mutual-TLS client certificate is required');
  }

  /** The nonce to hand out with a successful response, for the client's next proof. */
  freshNonce(): string {
    return this.nonces.fresh(this.clock.now());
  }
}
