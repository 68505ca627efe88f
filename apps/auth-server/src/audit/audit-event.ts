import type { Request } from 'express';
import type { TokenKind } from '../token-store/token.entity';

/** How an event ended: the change was made, an attempt failed (a wrong password, a reused code), or a request was refused. */
export type AuditOutcome = 'success' | 'failure' | 'refused';

/** Who decided a consent: the server's own consent page or the bank's, through the system API. */
/** Who decided: the built-in page, a bank's page through the system API, or no one (a first-party sign-in client). */
export type ConsentDecidedBy = 'consent_page' | 'system_api' | 'first_party';

/** The small typed detail of each event type. Nothing here may ever hold a secret. */
export interface AuditDetails {
  'authorization_request.pushed': {
    scope: string;
    authorization_details_types: string[];
    signed_request_object: boolean;
    dpop_bound: boolean;
    expires_in: number;
  };
  'login.succeeded': { identity_pool: string };
  /** known_user: whether the name was one of the pool's users (subject is then that user, else null). */
  'login.failed': { identity_pool: string; known_user: boolean };
  'consent.accepted': {
    decided_by: ConsentDecidedBy;
    granted_scopes: string[];
    authorization_details_types: string[];
    actor_client_id?: string;
  };
  'consent.rejected': {
    decided_by: ConsentDecidedBy;
    error: string;
    error_description?: string;
    actor_client_id?: string;
  };
  'code.issued': { grant_id: string; scope: string; expires_in: number };
  'code.redeemed': { grant_id: string };
  'code.reused': { grant_id: string; revoked_tokens: number };
  'token.issued': {
    grant_type: 'authorization_code' | 'client_credentials';
    token_types: TokenKind[];
    scope: string;
    sender_constraint: 'dpop' | 'mtls';
    expires_in: number;
    grant_id?: string;
  };
  'token.refreshed': { scope: string; sender_constraint: 'dpop' | 'mtls'; expires_in: number; grant_id?: string };
  'token.revoked': { token_type: TokenKind; revoked_tokens: number };
  'consent.tokens_revoked': {
    via: 'system_api' | 'identity_pool';
    revoked_tokens: number;
    actor_client_id?: string;
    pool_id?: string;
  };
  'client.registered': ClientChangeDetail;
  'client.updated': ClientChangeDetail;
  'client.deleted': ClientChangeDetail;
  'key.rotated': { alg: string; kid: string; actor_client_id: string };
  'server.settings_changed': { changed: string[]; actor_client_id: string };
  'authorization_details_type.changed': { type: string; change: 'put' | 'deleted'; actor_client_id: string };
  'identity_pool.created': { pool_id: string; actor_client_id?: string };
  'identity_pool.schema_changed': { pool_id: string; schema_version: number; actor_client_id?: string };
  'identity_record.created': RecordChangeDetail;
  'identity_record.updated': RecordChangeDetail;
  'identity_record.deleted': RecordChangeDetail;
  'request.refused': {
    /** The route as declared (`/:tenant/:server/oauth2/token`): never a query string. */
    endpoint: string;
    method: string;
    status: number;
    error: string;
    error_description: string;
    /** Whether client_id is the authenticated client (else the one the request named). */
    client_authenticated: boolean;
  };
}

export interface ClientChangeDetail {
  via: 'registration' | 'admin';
  client_name?: string;
  token_endpoint_auth_method?: string;
  scope?: string;
}

export interface RecordChangeDetail {
  pool_id: string;
  record_id: string;
  version?: number;
  /** A consent pool's record: its status after the change. */
  status?: string;
  actor_client_id?: string;
}

export type AuditEventType = keyof AuditDetails;

/** Every event type, for validation of the read API's `type` filter. */
export const AUDIT_EVENT_TYPES: readonly AuditEventType[] = [
  'authorization_request.pushed',
  'login.succeeded',
  'login.failed',
  'consent.accepted',
  'consent.rejected',
  'code.issued',
  'code.redeemed',
  'code.reused',
  'token.issued',
  'token.refreshed',
  'token.revoked',
  'consent.tokens_revoked',
  'client.registered',
  'client.updated',
  'client.deleted',
  'key.rotated',
  'server.settings_changed',
  'authorization_details_type.changed',
  'identity_pool.created',
  'identity_pool.schema_changed',
  'identity_record.created',
  'identity_record.updated',
  'identity_record.deleted',
  'request.refused',
] satisfies Array<keyof AuditDetails>;

/** Where a request came from: its request id (X-Request-Id) and source address. */
export interface AuditOrigin {
  requestId: string | null;
  sourceAddress: string | null;
}

interface AuditEventBase {
  outcome: AuditOutcome;
  at: Date;
  tenant: string;
  serverId: string | null;
  clientId?: string | null;
  subject?: string | null;
  consentId?: string | null;
  flowId?: string | null;
  origin: AuditOrigin;
}

/** An event to write, its detail typed by its type. */
export type AuditEventInput = {
  [T in AuditEventType]: AuditEventBase & { type: T; detail: AuditDetails[T] };
}[AuditEventType];

/** The request id (`req.id`, the X-Request-Id; set by @ofs/platform's logging) and source address of a request. */
export function auditOrigin(req: Request): AuditOrigin {
  return {
    requestId: (req as Request & { id?: unknown }).id != null ? String((req as { id?: unknown }).id) : null,
    sourceAddress: req.ip ?? req.socket?.remoteAddress ?? null,
  };
}

/** No request behind the change (a seed, a sweep). */
export const NO_ORIGIN: AuditOrigin = { requestId: null, sourceAddress: null };

/** What a request has learnt about its caller so far: refusals name the client when it is known. */
export interface AuditCaller {
  clientId?: string;
  /** True once the client authenticated (or presented a valid token); the refusal then names it for sure. */
  authenticated?: boolean;
  /** The server of the caller's token (the tenant-wide pools API). */
  serverId?: string;
}

const CALLER = Symbol('audit caller');

export function auditCallerOf(req: Request): AuditCaller {
  const holder = req as Request & { [CALLER]?: AuditCaller };
  return (holder[CALLER] ??= {});
}

/** Notes the client a request is made by (`authenticated` once proven). */
export function noteCaller(req: Request, clientId: string, authenticated: boolean, serverId?: string): void {
  Object.assign(auditCallerOf(req), { clientId, authenticated, ...(serverId ? { serverId } : {}) });
}

/** `dpop` or `mtls`: how a token is bound (every token is). */
export function senderConstraintOf(binding: { jkt?: string | null }): 'dpop' | 'mtls' {
  return binding.jkt ? 'dpop' : 'mtls';
}
