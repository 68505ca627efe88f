import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { OAuthError } from '@ofs/oauth';
import type { DataSource, Repository } from 'typeorm';
import { preparedQuery } from '../database/prepared-sql';
import { entityFromRow } from '../common/entity-from-row';
import { randomToken, sameHash, sha256 } from '../common/hash';
import { auditInsertSql } from '../audit/audit-sql';
import type { AuditEventInput, AuditOrigin, ConsentDecidedBy } from '../audit/audit-event';
import { AuditEventRepository } from '../audit/audit-event.repository';
import { AuthorizationResponder } from '../authorize/authorization-responder.service';
import { IdentityRecordEntity } from '../identity-pools/identity-record.entity';
import { PushedRequestEntity } from '../par/pushed-request.entity';
import type { ServerContext } from '../servers/server-context';
import { BrowserFlowError } from './browser-flow.error';
import { InteractionEntity, type ConsentDecision } from './interaction.entity';

/** How long a user has to log in and decide, once the authorization endpoint was reached. */
export const INTERACTION_TTL_SECONDS = 600;

/** RFC 9126 §4 request parameters as pushed (and validated) at PAR. */
export type PushedParameters = Record<string, string>;

/** Login and consent for one pushed request, and the authorization response that ends it. */
@Injectable()
export class InteractionService {
  /** The hot statements run as prepared statements (see preparedQuery). */
  private readonly db: DataSource;

  constructor(
    @InjectRepository(InteractionEntity) private readonly interactions: Repository<InteractionEntity>,
    private readonly responder: AuthorizationResponder,
    private readonly audit: AuditEventRepository,
  ) {
    this.db = interactions.manager.connection;
  }

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
    const { rows } = await preparedQuery(
      this.db,
      `WITH request AS (
        SELECT * FROM "pushed_request" WHERE "server_pk" = $1 AND "request_uri_hash" = $2
      ), started AS (
        INSERT INTO "interaction" ("id", "server_pk", "pushed_request_id", "browser_secret_hash", "login_state_hash",
          "status", "created_at", "expires_at")
        SELECT $3, $1, r."id", $4, $5, 'login', $6, $7 FROM request r
        WHERE r."client_id" = $8 AND r."consumed_at" IS NULL AND r."expires_at" > $6
        RETURNING 1
      ) SELECT r.*, EXISTS (SELECT 1 FROM started) AS "started" FROM request r`,
      [
        server.entity.id,
        sha256(requestUri),
        interaction.id,
        interaction.browserSecretHash,
        interaction.loginStateHash,
        now,
        interaction.expiresAt,
        clientId,
      ],
    );
    const { started, ...row } = rows[0] ?? {};
    const request = rows[0] ? entityFromRow(PushedRequestEntity, row) : null;
    if (!request || request.clientId !== clientId) throw new BrowserFlowError('Unknown request_uri for this client');
    if (request.consumedAt) throw new BrowserFlowError('This authorization request was already used');
    if (request.expiresAt.getTime() <= now.getTime() || started !== true)
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
    await this.interactions.query(`UPDATE "interaction" SET "login_state_hash" = $2 WHERE "id" = $1`, [
      interaction.id,
      sha256(loginState),
    ]);
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
  private async withRequest(
    server: ServerContext,
    id: string,
    username?: string,
  ): Promise<(InteractionEntity & { user?: IdentityRecordEntity | null }) | null> {
    const { rows } =
      username === undefined
        ? await preparedQuery<Record<string, unknown>>(
            this.db,
            `SELECT i.*, row_to_json(p) AS "request" FROM "interaction" i
            JOIN "pushed_request" p ON p."id" = i."pushed_request_id" WHERE i."id" = $1 AND i."server_pk" = $2`,
            [id, server.entity.id],
          )
        : await preparedQuery<Record<string, unknown>>(
            this.db,
            `SELECT i.*, row_to_json(p) AS "request", row_to_json(u) AS "user" FROM "interaction" i
            JOIN "pushed_request" p ON p."id" = i."pushed_request_id"
            LEFT JOIN LATERAL (
              SELECT r.* FROM "identity_record" r JOIN "identity_pool" ip ON ip."id" = r."pool_pk"
              WHERE ip."tenant" = $3 AND ip."pool_id" = $4 AND r."username" = $5
            ) u ON true
            WHERE i."id" = $1 AND i."server_pk" = $2`,
            [id, server.entity.id, server.entity.tenant, server.entity.settings.identityPool, username],
          );
    if (!rows[0]) return null;
    const { request, user, ...interaction } = rows[0];
    return Object.assign(entityFromRow(InteractionEntity, interaction), {
      // row_to_json: timestamps arrive as strings.
      pushedRequest: entityFromRow(PushedRequestEntity, request as Record<string, unknown>, [
        'expires_at',
        'consumed_at',
        'created_at',
      ]),
      ...(username === undefined
        ? {}
        : {
            user: user
              ? entityFromRow(IdentityRecordEntity, user as Record<string, unknown>, ['created_at', 'updated_at'])
              : null,
          }),
    });
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
    const params: unknown[] = [interaction.id, subject, now];
    const audit = auditInsertSql(
      [
        {
          ...flowEvent(server, request, now, origin),
          type: 'login.succeeded',
          outcome: 'success',
          subject,
          detail: { identity_pool: server.entity.settings.identityPool },
        },
      ],
      params,
      'EXISTS (SELECT 1 FROM logged_in)',
    );
    await preparedQuery(
      this.db,
      `WITH logged_in AS (
        UPDATE "interaction" SET "status" = 'consent', "subject" = $2, "auth_time" = $3 WHERE "id" = $1 AND "status" = 'login'
        RETURNING 1
      ) ${audit}`,
      params,
    );
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
    const params: unknown[] = [interaction.id, decision.error ? 'rejected' : 'accepted', JSON.stringify(decision)];
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
    const audit = auditInsertSql([event], params, 'EXISTS (SELECT 1 FROM decided)');
    const { rows } = await preparedQuery(
      this.db,
      `WITH decided AS (
        UPDATE "interaction" SET "status" = $2, "decision" = $3::jsonb WHERE "id" = $1 AND "status" = 'consent' RETURNING 1
      ), audited AS (${audit}) SELECT 1 FROM decided`,
      params,
    );
    if (rows.length !== 1) throw new OAuthError('invalid_request', 'the login was already decided', { status: 409 });
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
    const consume = `WITH finished AS (
        UPDATE "interaction" SET "status" = 'completed' WHERE "id" = $1 AND "status" = $2 RETURNING 1
      ), used AS (
        UPDATE "pushed_request" SET "consumed_at" = $3
        WHERE "id" = $4 AND "consumed_at" IS NULL AND EXISTS (SELECT 1 FROM finished) RETURNING 1
      )`;
    const ended = [interaction.id, interaction.status, now, request.id];
    // The response is made (and, with JARM, signed) before anything is written: a failure leaves the flow as it was.
    if (!accepted) {
      const location = await respond({
        error: decision?.error?.error ?? 'access_denied',
        error_description: decision?.error?.error_description ?? 'The user denied the request',
      });
      const { rows } = await preparedQuery(this.db, `${consume} SELECT 1 FROM used`, ended);
      if (rows.length !== 1) throw new BrowserFlowError('This authorization request was already used');
      return location;
    }
    const code = randomToken(32);
    const location = await respond({ code });
    const grantId = randomUUID();
    const codeTtl = server.entity.settings.authorizationCodeTtlSeconds;
    const values: unknown[] = [
      ...ended,
      sha256(code),
      server.entity.id,
      request.clientId,
      grantId,
      interaction.subject,
      decision.grantedScopes.join(' '),
      decision.grantedAuthorizationDetails ? JSON.stringify(decision.grantedAuthorizationDetails) : null,
      decision.consentId ?? null,
      params.redirect_uri!,
      params.code_challenge!,
      params.dpop_jkt ?? null,
      params.nonce ?? null,
      interaction.authTime,
      new Date(now.getTime() + codeTtl * 1000),
    ];
    const audit = auditInsertSql(
      [
        {
          ...flowEvent(server, request, now, origin),
          type: 'code.issued',
          outcome: 'success',
          subject: interaction.subject,
          consentId: decision.consentId ?? null,
          detail: { grant_id: grantId, scope: decision.grantedScopes.join(' '), expires_in: codeTtl },
        },
      ],
      values,
      'EXISTS (SELECT 1 FROM used)',
    );
    const { rows } = await preparedQuery(
      this.db,
      `${consume}, audited AS (${audit})
      INSERT INTO "authorization_code" ("code_hash", "server_pk", "client_id", "grant_id", "subject", "scope",
        "authorization_details", "consent_id", "redirect_uri", "code_challenge", "dpop_jkt", "nonce", "auth_time",
        "expires_at", "consumed_at")
      SELECT $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, $14, $15, $16, $17, $18, NULL WHERE EXISTS (SELECT 1 FROM used)
      RETURNING 1`,
      values,
    );
    if (rows.length !== 1) throw new BrowserFlowError('This authorization request was already used');
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
