import { Injectable, Logger } from '@nestjs/common';
import { errorDescriptionSafe } from '@ofs/oauth';
import type { Request } from 'express';
import { decodeJwt } from 'jose';
import { Clock } from '../common/clock';
import { ServerRegistry } from '../servers/server-registry.service';
import { auditCallerOf, auditOrigin, type AuditEventInput } from './audit-event';
import { AuditEventRepository } from './audit-event.repository';

const MAX_CLIENT_ID = 200;
const MAX_DESCRIPTION = 500;
/** Refusals written in one statement at most. */
const MAX_BATCH = 100;

export interface Refusal {
  error: string;
  description: string;
  status: number;
}

/** The refusals recorded during one turn of the event loop, written together. */
interface Batch {
  events: AuditEventInput[];
  written: Promise<void>;
}

/**
 * Records every refused protocol request (`request.refused`): the endpoint, the error code and description, the
 * client when known, so a TPP developer can look up why PAR or the token endpoint said no. Called by the error
 * filters, before the refusal is answered. Nothing else was written, so the refusals of one turn of the event loop
 * (e.g. the DPoP nonce challenges of many clients at once) share one multi-row insert. Server errors (5xx) are not
 * refusals, and a request for a server that does not exist has no server to be recorded under.
 */
@Injectable()
export class RefusalRecorder {
  private readonly logger = new Logger(RefusalRecorder.name);
  private pending: Batch | undefined;

  constructor(
    private readonly events: AuditEventRepository,
    private readonly servers: ServerRegistry,
    private readonly clock: Clock,
  ) {}

  /** Never throws: a failure to record is logged and the refusal is answered all the same. */
  async record(req: Request, refusal: Refusal): Promise<void> {
    try {
      if (refusal.status >= 500) return;
      const params = (req.params ?? {}) as Record<string, string | undefined>;
      const tenant = params.tenant;
      if (!tenant) return;
      const caller = auditCallerOf(req);
      let serverId: string | null = caller.serverId ?? null;
      if (params.server !== undefined) {
        const server = await this.servers.resolve(tenant, params.server).catch(() => null);
        if (!server) return;
        serverId = server.entity.serverId;
      }
      const named = caller.clientId ?? namedClientId(req);
      await this.write({
        type: 'request.refused',
        outcome: 'refused',
        at: this.clock.now(),
        tenant,
        serverId,
        clientId: named?.slice(0, MAX_CLIENT_ID) ?? null,
        origin: auditOrigin(req),
        detail: {
          endpoint: `${req.baseUrl ?? ''}${(req.route as { path?: string } | undefined)?.path ?? ''}` || 'unknown',
          method: req.method,
          status: refusal.status,
          error: refusal.error,
          error_description: errorDescriptionSafe(refusal.description).slice(0, MAX_DESCRIPTION),
          client_authenticated: caller.authenticated === true,
        },
      });
    } catch (e) {
      this.logger.warn({ err: e, request_id: auditOrigin(req).requestId }, 'recording a refused request failed');
    }
  }

  /** Resolves once the event is stored, with the others of this turn of the event loop. */
  private write(event: AuditEventInput): Promise<void> {
    if (!this.pending || this.pending.events.length >= MAX_BATCH) {
      const events: AuditEventInput[] = [];
      const written = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        if (this.pending?.events === events) this.pending = undefined;
        return this.events.record(events);
      });
      this.pending = { events, written };
    }
    this.pending.events.push(event);
    return this.pending.written;
  }
}

/**
 * The client_id a request names, before (or without) authenticating: the form's or the query's client_id, the
 * unverified `iss` of a client assertion (private_key_jwt clients often send no client_id), or the RFC 7592 path.
 */
function namedClientId(req: Request): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  const fromBody = body && typeof body === 'object' ? body.client_id : undefined;
  if (typeof fromBody === 'string' && fromBody) return fromBody;
  const assertion = body && typeof body === 'object' ? body.client_assertion : undefined;
  if (typeof assertion === 'string') {
    try {
      const { iss } = decodeJwt(assertion);
      if (typeof iss === 'string' && iss) return iss;
    } catch {
      // not a JWT: nothing to name
    }
  }
  const fromQuery = (req.query as Record<string, unknown> | undefined)?.client_id;
  if (typeof fromQuery === 'string' && fromQuery) return fromQuery;
  // RFC 7592: the client's configuration endpoint names it in the path.
  const fromPath = (req.params as Record<string, unknown> | undefined)?.clientId;
  return typeof fromPath === 'string' && fromPath ? fromPath : undefined;
}
