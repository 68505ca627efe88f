import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { OAuthError } from '@ofs/oauth';
import { randomToken, sameHash, sha256 } from '../common/hash';
import type { AuditEventInput, AuditOrigin, ConsentDecidedBy } from '../audit/audit-event';
import { AuditEventRepository } from '../audit/audit-event.repository';
import { AuthorizationResponder } from '../authorize/authorization-responder.service';
import type { IdentityRecordEntity } from '../identity-pools/identity-record.entity';
import type { PushedRequestEntity } from '../par/pushed-request.entity';
import type { ServerContext } from '../servers/server-context';
import { BrowserFlowError } from './browser-flow.error';
import { InteractionEntity, type ConsentDecision } from './interaction.entity';
import { InteractionRepository } from './interaction.repository';

/** How long a user has to log in and decide, once the authorization endpoint was reached. */
export const INTERACTION_TTL_SECONDS = 600;

/** RFC 9126 §4 request parameters as pushed (and validated) at PAR. */
export type PushedParameters = Record<string, string>;

/** Login and consent for one pushed request, and the authorization response that ends it. */
@Injectable()
export class InteractionService {
  constructor(
    private readonly interactions: InteractionRepository,
    private readonly responder: AuthorizationResponder,
    private readonly audit: AuditEventRepository,
  ) {}

  /** AUTHZ-07/08/10: a known, unexpired, unused request_uri of this very client starts (or restarts) a login. */
  async start(
    server: ServerContext,
    clientId: string,
    requestUri: string,
    now: Date,
  ): Promise<{ interaction: InteractionEntity; browserSecret: string }> {
    const browserSecret = randomToken(32);
    const interaction = Object.assign(new InteractionEntity(), {
      id: randomUUID(),
      serverPk: server.entity.id,
      pushedRequestId: '',
      browserSecretHash: sha256(browserSecret),
      loginStateHash: sha256(randomToken(32)),
      status: 'login',
      subject: null,
      authTime: null,
      decision: null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + INTERACTION_TTL_SECONDS * 1000),
    } satisfies InteractionEntity);
    // One statement: the pushed request, and the interaction only when the request may start one.
    const { request, started } = await this.interactions.start(
      server.entity.id,
      sha256(requestUri),
      clientId,
      interaction,
      now,
    );
    if (!request || request.clientId !== clientId) throw new BrowserFlowError('Unknown request_uri for this client');
    if (request.consumedAt) throw new BrowserFlowError('This authorization request was already used');
    if (request.expiresAt.getTime() <= now.getTime() || !started)
      throw new BrowserFlowError('This authorization request has expired');
    interaction.pushedRequestId = request.id;
    return { interaction, browserSecret };
  }

  /**
   * The interaction, if this browser started it on this server and it is still running. With `username` (a login
   * form), the record of that user in the server's identity pool comes in the same statement (null: no such user).
   */
  async forBrowser(
    server: ServerContext,
    id: string,
    browserSecret: string | undefined,
    now: Date,
    username?: string,
  ): Promise<{ interaction: InteractionEntity; request: PushedRequestEntity; user?: IdentityRecordEntity | null }> {
    const interaction = /^[0-9a-f-]{36}$/.test(id) ? await this.withRequest(server, id, username) : null;
    if (!interaction || !browserSecret || !sameHash(interaction.browserSecretHash, sha256(browserSecret))) {
      throw new BrowserFlowError('Unknown or foreign login session: start again from the application');
    }
    if (interaction.expiresAt.getTime() <= now.getTime()) throw new BrowserFlowError('This login session has expired');
    if (interaction.status === 'completed') throw new BrowserFlowError('This authorization request was already used');
    return { interaction, request: interaction.pushedRequest!, user: interaction.user };
  }

  /** Hands the decision to the bank's consent page: a fresh login state it must present back (only its hash is kept). */
  async handOff(interaction: InteractionEntity): Promise<string> {
    const loginState = randomToken(32);
    await this.interactions.setLoginStateHash(interaction.id, sha256(loginState));
    return loginState;
  }

  /** A login waiting for consent, as the system API sees it (no browser cookie: the consent app calls). */
  async forSystem(
    server: ServerContext,
    loginId: string,
    now: Date,
  ): Promise<{ interaction: InteractionEntity; request: PushedRequestEntity }> {
    const interaction = /^[0-9a-f-]{36}$/.test(loginId) ? await this.withRequest(server, loginId) : null;
    if (!interaction || interaction.expiresAt.getTime() <= now.getTime()) {
      throw new OAuthError('invalid_request', 'unknown or expired login', { status: 404 });
    }
    if (interaction.status !== 'consent')
      throw new OAuthError('invalid_request', `the login is not waiting for consent (${interaction.status})`, {
        status: 409,
      });
    return { interaction, request: interaction.pushedRequest! };
  }

  /** The interaction with its pushed request (and, with `username`, that user's pool record), in one query. */
  private withRequest(server: ServerContext, id: string, username?: string) {
    return this.interactions.findWithRequest(
      server.entity.id,
      id,
      username === undefined
        ? undefined
        : { tenant: server.entity.tenant, poolId: server.entity.settings.identityPool, username },
    );
  }

  checkLoginState(interaction: InteractionEntity, loginState: string): void {
    if (!sameHash(interaction.loginStateHash, sha256(loginState)))
      throw new OAuthError('invalid_request', 'login_state does not match');
  }

  /** The login succeeded: the interaction waits for consent, recorded in the same statement. */
  async loggedIn(
    server: ServerContext,
    interaction: InteractionEntity,
    request: PushedRequestEntity,
    subject: string,
    now: Date,
    origin: AuditOrigin,
  ): Promise<void> {
    await this.interactions.loggedIn(interaction.id, subject, now, {
      ...flowEvent(server, request, now, origin),
      type: 'login.succeeded',
      outcome: 'success',
      subject,
      detail: { identity_pool: server.entity.settings.identityPool },
    });
  }

  /**
   * A wrong username or password (nothing changes but the record of it). `subject` is the pool user tried, or null
   * when no user has that name: what was typed is never recorded (it may be a password in the wrong field).
   */
  async loginFailed(
    server: ServerContext,
    request: PushedRequestEntity,
    subject: string | null,
    now: Date,
    origin: AuditOrigin,
  ): Promise<void> {
    await this.audit.record([
      {
        ...flowEvent(server, request, now, origin),
        type: 'login.failed',
        outcome: 'failure',
        subject,
        detail: { identity_pool: server.entity.settings.identityPool, known_user: subject !== null },
      },
    ]);
  }

  /** Records the consent decision (once: 409 when it was already decided), with its audit event in one statement. */
  async decided(
    server: ServerContext,
    interaction: InteractionEntity,
    request: PushedRequestEntity,
    decision: ConsentDecision,
    by: { decidedBy: ConsentDecidedBy; actorClientId?: string; now: Date; origin: AuditOrigin },
  ): Promise<void> {
    const actor = by.actorClientId ? { actor_client_id: by.actorClientId } : {};
    const base = {
      ...flowEvent(server, request, by.now, by.origin),
      subject: interaction.subject,
      consentId: decision.consentId ?? null,
    };
    const event: AuditEventInput = decision.error
      ? {
          ...base,
          type: 'consent.rejected',
          outcome: 'success',
          detail: {
            decided_by: by.decidedBy,
            error: decision.error.error,
            ...(decision.error.error_description ? { error_description: decision.error.error_description } : {}),
            ...actor,
          },
        }
      : {
          ...base,
          type: 'consent.accepted',
          outcome: 'success',
          detail: {
            decided_by: by.decidedBy,
            granted_scopes: decision.grantedScopes,
            authorization_details_types: (decision.grantedAuthorizationDetails ?? []).map((d) => String(d.type)),
            ...actor,
          },
        };
    if (!(await this.interactions.decided(interaction.id, decision, event)))
      throw new OAuthError('invalid_request', 'the login was already decided', { status: 409 });
  }

  /**
   * Ends the flow (RFC 6749 §4.1.2, RFC 9207, JARM): consumes the request_uri and the interaction and issues the
   * code, in one transaction; or, for a rejection, answers access_denied. Returns the redirect location.
   */
  async complete(
    server: ServerContext,
    interaction: InteractionEntity,
    request: PushedRequestEntity,
    now: Date,
    origin: AuditOrigin,
  ): Promise<string> {
    const params = request.parameters as PushedParameters;
    const respond = (values: Record<string, string | undefined>) =>
      this.responder.location(server, request.clientId, params, values, now);
    const decision = interaction.decision;
    const accepted = interaction.status === 'accepted' && !!decision && !decision.error;
    if (accepted && (!interaction.subject || !interaction.authTime)) {
      throw new BrowserFlowError('The login is not finished yet');
    }
    // One statement, so atomic without a transaction: the interaction ends, then (only if it did) the request_uri
    // is consumed, then (only if it was) the code is stored. A request_uri another interaction of the same
    // request consumed first leaves this one ended with nothing issued.
    const end = { id: interaction.id, status: interaction.status, now, requestId: request.id };
    // The response is made (and, with JARM, signed) before anything is written: a failure leaves the flow as it was.
    if (!accepted) {
      const location = await respond({
        error: decision?.error?.error ?? 'access_denied',
        error_description: decision?.error?.error_description ?? 'The user denied the request',
      });
      if (!(await this.interactions.endWithoutCode(end)))
        throw new BrowserFlowError('This authorization request was already used');
      return location;
    }
    const code = randomToken(32);
    const location = await respond({ code });
    const grantId = randomUUID();
    const codeTtl = server.entity.settings.authorizationCodeTtlSeconds;
    const issued = await this.interactions.endWithCode(
      end,
      {
        codeHash: sha256(code),
        serverPk: server.entity.id,
        clientId: request.clientId,
        grantId,
        subject: interaction.subject!,
        scope: decision.grantedScopes.join(' '),
        authorizationDetails: decision.grantedAuthorizationDetails ?? null,
        consentId: decision.consentId ?? null,
        redirectUri: params.redirect_uri!,
        codeChallenge: params.code_challenge!,
        dpopJkt: params.dpop_jkt ?? null,
        nonce: params.nonce ?? null,
        authTime: interaction.authTime!,
        expiresAt: new Date(now.getTime() + codeTtl * 1000),
      },
      {
        ...flowEvent(server, request, now, origin),
        type: 'code.issued',
        outcome: 'success',
        subject: interaction.subject,
        consentId: decision.consentId ?? null,
        detail: { grant_id: grantId, scope: decision.grantedScopes.join(' '), expires_in: codeTtl },
      },
    );
    if (!issued) throw new BrowserFlowError('This authorization request was already used');
    return location;
  }
}

/** The fields every event of a browser flow shares: its server, client and pushed request (the flow). */
function flowEvent(server: ServerContext, request: PushedRequestEntity, at: Date, origin: AuditOrigin) {
  return {
    at,
    tenant: server.entity.tenant,
    serverId: server.entity.serverId,
    clientId: request.clientId,
    flowId: request.id,
    origin,
  };
}
