import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { OAuthError } from '@ofs/oauth';
import type { Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuthorizationCodeEntity } from '../authorize/authorization-code.entity';
import { randomToken, sameHash, sha256 } from '../common/hash';
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
  constructor(
    @InjectRepository(InteractionEntity) private readonly interactions: Repository<InteractionEntity>,
    @InjectRepository(PushedRequestEntity) private readonly pushed: Repository<PushedRequestEntity>,
  ) {}

  /** AUTHZ-07/08/10: a known, unexpired, unused request_uri of this very client starts (or restarts) a login. */
  async start(
    server: ServerContext,
    clientId: string,
    requestUri: string,
    now: Date,
  ): Promise<{ interaction: InteractionEntity; browserSecret: string }> {
    const request = await this.pushed.findOneBy({ serverPk: server.entity.id, requestUriHash: sha256(requestUri) });
    if (!request || request.clientId !== clientId) throw new BrowserFlowError('Unknown request_uri for this client');
    if (request.consumedAt) throw new BrowserFlowError('This authorization request was already used');
    if (request.expiresAt.getTime() <= now.getTime())
      throw new BrowserFlowError('This authorization request has expired');
    const browserSecret = randomToken(32);
    const interaction = await this.interactions.save(
      this.interactions.create({
        serverPk: server.entity.id,
        pushedRequestId: request.id,
        browserSecretHash: sha256(browserSecret),
        loginStateHash: sha256(randomToken(32)),
        status: 'login',
        subject: null,
        authTime: null,
        decision: null,
        expiresAt: new Date(now.getTime() + INTERACTION_TTL_SECONDS * 1000),
      }),
    );
    return { interaction, browserSecret };
  }

  /** The interaction, if this browser started it on this server and it is still running. */
  async forBrowser(
    server: ServerContext,
    id: string,
    browserSecret: string | undefined,
    now: Date,
  ): Promise<{ interaction: InteractionEntity; request: PushedRequestEntity }> {
    const interaction = /^[0-9a-f-]{36}$/.test(id)
      ? await this.interactions.findOneBy({ id, serverPk: server.entity.id })
      : null;
    if (!interaction || !browserSecret || !sameHash(interaction.browserSecretHash, sha256(browserSecret))) {
      throw new BrowserFlowError('Unknown or foreign login session: start again from the application');
    }
    if (interaction.expiresAt.getTime() <= now.getTime()) throw new BrowserFlowError('This login session has expired');
    if (interaction.status === 'completed') throw new BrowserFlowError('This authorization request was already used');
    const request = await this.pushed.findOneByOrFail({ id: interaction.pushedRequestId });
    return { interaction, request };
  }

  /** Hands the decision to the bank's consent page: a fresh login state it must present back (only its hash is kept). */
  async handOff(interaction: InteractionEntity): Promise<string> {
    const loginState = randomToken(32);
    await this.interactions.update({ id: interaction.id }, { loginStateHash: sha256(loginState) });
    return loginState;
  }

  /** A login waiting for consent, as the system API sees it (no browser cookie: the consent app calls). */
  async forSystem(
    server: ServerContext,
    loginId: string,
    now: Date,
  ): Promise<{ interaction: InteractionEntity; request: PushedRequestEntity }> {
    const interaction = /^[0-9a-f-]{36}$/.test(loginId)
      ? await this.interactions.findOneBy({ id: loginId, serverPk: server.entity.id })
      : null;
    if (!interaction || interaction.expiresAt.getTime() <= now.getTime()) {
      throw new OAuthError('invalid_request', 'unknown or expired login', { status: 404 });
    }
    if (interaction.status !== 'consent')
      throw new OAuthError('invalid_request', `the login is not waiting for consent (${interaction.status})`, {
        status: 409,
      });
    const request = await this.pushed.findOneByOrFail({ id: interaction.pushedRequestId });
    return { interaction, request };
  }

  checkLoginState(interaction: InteractionEntity, loginState: string): void {
    if (!sameHash(interaction.loginStateHash, sha256(loginState)))
      throw new OAuthError('invalid_request', 'login_state does not match');
  }

  async loggedIn(interaction: InteractionEntity, subject: string, now: Date): Promise<void> {
    await this.interactions.update(
      { id: interaction.id, status: 'login' },
      { status: 'consent', subject, authTime: now },
    );
  }

  async decided(interaction: InteractionEntity, decision: ConsentDecision): Promise<void> {
    const result = await this.interactions.update({ id: interaction.id, status: 'consent' }, {
      status: decision.error ? 'rejected' : 'accepted',
      decision,
    } as QueryDeepPartialEntity<InteractionEntity>);
    if (result.affected !== 1)
      throw new OAuthError('invalid_request', 'the login was already decided', { status: 409 });
  }

  /**
   * Ends the flow (RFC 6749 §4.1.2, RFC 9207): consumes the request_uri and the interaction and issues the
   * code, in one transaction; or, for a rejection, answers access_denied. Returns the redirect location.
   */
  async complete(
    server: ServerContext,
    interaction: InteractionEntity,
    request: PushedRequestEntity,
    now: Date,
  ): Promise<string> {
    const params = request.parameters as PushedParameters;
    const respond = (values: Record<string, string | undefined>) =>
      redirectTo(params.redirect_uri!, { ...values, state: params.state, iss: server.issuer });
    return this.interactions.manager.transaction(async (tx) => {
      const finished = await tx.update(
        InteractionEntity,
        { id: interaction.id, status: interaction.status },
        { status: 'completed' },
      );
      const used = await tx
        .createQueryBuilder()
        .update(PushedRequestEntity)
        .set({ consumedAt: now })
        .where('id = :id AND consumed_at IS NULL', { id: request.id })
        .execute();
      if (finished.affected !== 1 || used.affected !== 1)
        throw new BrowserFlowError('This authorization request was already used');
      const decision = interaction.decision;
      if (interaction.status === 'rejected' || !decision || decision.error) {
        return respond({
          error: decision?.error?.error ?? 'access_denied',
          error_description: decision?.error?.error_description ?? 'The user denied the request',
        });
      }
      if (interaction.status !== 'accepted' || !interaction.subject || !interaction.authTime) {
        throw new BrowserFlowError('The login is not finished yet');
      }
      const code = randomToken(32);
      await tx.insert(AuthorizationCodeEntity, {
        codeHash: sha256(code),
        serverPk: server.entity.id,
        clientId: request.clientId,
        grantId: randomUUID(),
        subject: interaction.subject,
        scope: decision.grantedScopes.join(' '),
        authorizationDetails: decision.grantedAuthorizationDetails ?? null,
        consentId: decision.consentId ?? null,
        redirectUri: params.redirect_uri!,
        codeChallenge: params.code_challenge!,
        dpopJkt: params.dpop_jkt ?? null,
        nonce: params.nonce ?? null,
        authTime: interaction.authTime,
        expiresAt: new Date(now.getTime() + server.entity.settings.authorizationCodeTtlSeconds * 1000),
        consumedAt: null,
        // jsonb columns: TypeORM's partial type cannot express an array of plain objects.
      } as QueryDeepPartialEntity<AuthorizationCodeEntity>);
      return respond({ code });
    });
  }
}

/** The verified redirect URI with the response appended to its own query (AUTHZ-01: registered query kept). */
export function redirectTo(redirectUri: string, values: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(values)) if (value !== undefined) url.searchParams.append(name, value);
  return url.href;
}
