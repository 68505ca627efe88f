import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '@ofs/platform';
import * as client from 'openid-client';
import { parseAccounts } from '../bank-api/cdr-responses';
import { FINANCROO_SETTINGS, type FinancrooSettings } from '../config/financroo.config';
import { SecretBoxError } from '../crypto/secret-box';
import { BankRegistrar, type BankClient } from '../registration/bank-registrar.service';
import { BankUnavailableError, reasonOf } from '../registration/bank-unavailable.error';
import { ACCOUNT_PERMISSIONS, REQUESTED_SCOPE, redirectUri } from '../registration/client-metadata';
import type { BankConnectionEntity } from './bank-connection.entity';
import { BankConnectionRepository } from './bank-connection.repository';
import { BankDataError, ConnectError } from './connect.error';

/** What the session keeps between the redirect to the bank and the callback (never sent to the browser). */
export interface PendingAuthorization {
  bankId: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 30_000;

/**
 * A user's connections to banks through openid-client: FAPI 2.0 Message Signing (PAR with a signed request
 * object, PKCE S256, RAR account_information, JARM), the code exchange, refresh before expiry, RFC 7009
 * revocation on disconnect. Tokens exist only sealed in the database and in memory for one call.
 */
@Injectable()
export class BankConnections {
  private readonly logger = new Logger('BankConnections');
  private readonly refreshing = new Map<string, Promise<string>>();

  constructor(
    @Inject(FINANCROO_SETTINGS) private readonly settings: FinancrooSettings,
    private readonly registrar: BankRegistrar,
    private readonly connections: BankConnectionRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * RFC 9126 + RFC 9101: pushes the signed request; the browser goes to the returned URL. A server that no longer
   * knows Financroo's client (invalid_client) gets the registration checked and made again, then one more push.
   */
  async start(bankId: string): Promise<{ url: URL; pending: PendingAuthorization }> {
    let bank = await this.clientOf(bankId);
    try {
      return await this.push(bank);
    } catch (e) {
      if (!(e instanceof client.ResponseBodyError && e.error === 'invalid_client'))
        throw new ConnectError(
          'failed',
          bank.bank.name,
          `${bank.bank.name} did not accept the connection request: ${reasonOf(e)}`,
          String(e),
        );
      this.logger.warn(
        { bank: bankId, client_id: bank.clientId },
        'the server refused the client: checking the registration',
      );
    }
    bank = await this.clientOf(bankId, true);
    try {
      return await this.push(bank);
    } catch (e) {
      throw new ConnectError(
        'failed',
        bank.bank.name,
        `${bank.bank.name} did not accept the connection request: ${reasonOf(e)}`,
        String(e),
      );
    }
  }

  private async push(bank: BankClient): Promise<{ url: URL; pending: PendingAuthorization }> {
    const codeVerifier = client.randomPKCECodeVerifier();
    const pending: PendingAuthorization = {
      bankId: bank.bank.id,
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier,
    };
    const details = [{ type: 'account_information', permissions: [...ACCOUNT_PERMISSIONS] }];
    const signed = await client.buildAuthorizationUrlWithJAR(
      bank.config,
      {
        redirect_uri: redirectUri(this.settings.publicBase),
        scope: REQUESTED_SCOPE,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
        authorization_details: JSON.stringify(details),
      },
      bank.signingKey,
    );
    const url = await client.buildAuthorizationUrlWithPAR(bank.config, signed.searchParams, { DPoP: bank.dpop() });
    return { url, pending };
  }

  /**
   * The callback: openid-client checks the JARM response (signature from the server's JWKS, iss, aud, exp,
   * state), exchanges the code with PKCE and DPoP or mutual TLS, and checks the ID token (nonce). A consent the
   * user cancelled at the bank is an access_denied error: the bank rejected the request.
   */
  async complete(userId: string, pending: PendingAuthorization, callbackUrl: URL): Promise<BankConnectionEntity> {
    const bank = await this.clientOf(pending.bankId);
    const name = bank.bank.name;
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(
        bank.config,
        callbackUrl,
        {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        },
        undefined,
        { DPoP: bank.dpop() },
      );
    } catch (e) {
      if (e instanceof client.AuthorizationResponseError) {
        const why = e.error_description ? `${e.error}: ${e.error_description}` : e.error;
        if (e.error === 'access_denied')
          throw new ConnectError('rejected', name, `${name} rejected the request (${why}).`, why);
        throw new ConnectError('failed', name, `${name} returned an error: ${why}.`, why);
      }
      throw new ConnectError('failed', name, `The answer from ${name} could not be used: ${reasonOf(e)}.`, String(e));
    }
    if (!tokens.refresh_token)
      throw new ConnectError('failed', name, `${name} issued no refresh token, so the connection could not be kept.`);
    const now = this.clock.now();
    const granted = tokens.authorization_details as Array<Record<string, unknown>> | undefined;
    const accessToken = tokens.access_token;
    let accountIds = grantedAccounts(granted);
    const { connection, replaced } = await this.connections.connect(
      userId,
      pending.bankId,
      {
        clientId: bank.clientId,
        accessToken: this.seal(accessToken, 'access_token', pending.bankId, userId),
        accessTokenExpiresAt: new Date(now.getTime() + (tokens.expires_in ?? 60) * 1000),
        refreshToken: this.seal(tokens.refresh_token, 'refresh_token', pending.bankId, userId),
        scope: tokens.scope ?? REQUESTED_SCOPE,
      },
      { authorizationDetails: granted ?? null, accountIds: accountIds ?? [] },
      now,
    );
    if (replaced?.refreshToken) await this.revokeQuietly(bank, replaced);
    if (!accountIds) {
      // The consent left the accounts to the bank (every account): ask it which ones that is.
      try {
        accountIds = parseAccounts(await this.read(connection, bank, '/banking/accounts')).map((a) => a.accountId);
        await this.connections.setAccounts(userId, connection.id, accountIds, this.clock.now());
        connection.accountIds = accountIds;
      } catch (e) {
        this.logger.warn(
          { bank: pending.bankId, reason: reasonOf(e) },
          'accounts of the new connection not listed yet',
        );
      }
    }
    return connection;
  }

  list(userId: string): Promise<BankConnectionEntity[]> {
    return this.connections.listForUser(userId);
  }

  /** GET on the bank's data API with the connection's token (refreshed first when about to expire). */
  async get(connection: BankConnectionEntity, path: string): Promise<unknown> {
    return this.read(connection, await this.clientOf(connection.bankId), path);
  }

  /** RFC 7009: revokes the refresh token at the bank's server, then forgets the connection. */
  async disconnect(userId: string, bankId: string): Promise<void> {
    const connection = await this.connections.findForUser(userId, bankId);
    if (!connection) return;
    // A bank taken out of the banks file: nothing to revoke with, only the record to forget.
    if (!this.settings.banks.some((b) => b.id === bankId)) return this.connections.forget(userId, connection.id);
    // The bank already refused the token as invalid (the grant ended there): nothing left to revoke.
    if (connection.status === 'needs_reconnect') return this.connections.forget(userId, connection.id);
    const bank = await this.clientOf(bankId);
    if (connection.refreshToken) {
      try {
        await client.tokenRevocation(bank.config, this.open(connection.refreshToken, 'refresh_token', connection), {
          token_type_hint: 'refresh_token',
        });
      } catch (e) {
        throw new ConnectError(
          'failed',
          bank.bank.name,
          `${bank.bank.name} could not revoke Financroo's access: ${reasonOf(e)}. Try again.`,
          String(e),
        );
      }
    }
    await this.connections.forget(userId, connection.id);
  }

  private async read(connection: BankConnectionEntity, bank: BankClient, path: string): Promise<unknown> {
    if (connection.status === 'needs_reconnect')
      throw new BankDataError('unauthorized', connection.statusReason ?? 'the bank needs a reconnect');
    // Tokens of an earlier registration are no good with the current client.
    if (connection.clientId !== bank.clientId)
      return this.unauthorized(connection, 'Financroo registered again at the bank since this consent');
    let token: string;
    try {
      token = await this.accessToken(connection, bank);
    } catch (e) {
      // Sealed with another FINANCROO_ENCRYPTION_KEY: only a new consent helps.
      if (e instanceof SecretBoxError) return this.unauthorized(connection, 'the stored access could not be decrypted');
      throw e;
    }
    let res: Response;
    try {
      res = await client.fetchProtectedResource(
        bank.config,
        token,
        new URL(bank.bank.dataApiUrl + path),
        'GET',
        undefined,
        new Headers({ accept: 'application/json', 'x-v': '1' }),
        { DPoP: bank.dpop() },
      );
    } catch (e) {
      if (e instanceof client.WWWAuthenticateChallengeError) {
        const error = e.cause[0]?.parameters.error ?? 'invalid_token';
        // Only a dead token ends the connection (RFC 6750 §3.1): a read the consent does not allow (403
        // insufficient_scope) or a refused proof says nothing about the access itself.
        if (e.status === 401 && error === 'invalid_token')
          return this.unauthorized(connection, `the bank refused the token (${error})`);
        throw new BankDataError('error', `${bank.bank.name} refused the request (${error})`);
      }
      throw new BankDataError('unreachable', `${bank.bank.name} is not reachable: ${reasonOf(e)}`);
    }
    if (res.status === 401)
      return this.unauthorized(connection, 'the bank refused the token (consent revoked or expired)');
    if (res.status !== 200) throw new BankDataError('error', `${bank.bank.name} answered HTTP ${res.status}`);
    try {
      return await res.json();
    } catch {
      throw new BankDataError('invalid', `${bank.bank.name} sent an invalid response (not JSON)`);
    }
  }

  private async unauthorized(connection: BankConnectionEntity, reason: string): Promise<never> {
    await this.connections.needsReconnect(connection.userId, connection.id, reason, this.clock.now());
    connection.status = 'needs_reconnect';
    connection.statusReason = reason;
    throw new BankDataError('unauthorized', reason);
  }

  /** The access token, refreshed (RFC 6749 §6) shortly before it expires; one refresh at a time per connection. */
  private async accessToken(connection: BankConnectionEntity, bank: BankClient): Promise<string> {
    if (connection.accessTokenExpiresAt.getTime() - this.clock.now().getTime() > REFRESH_MARGIN_MS)
      return this.open(connection.accessToken, 'access_token', connection);
    const running = this.refreshing.get(connection.id);
    if (running) return running;
    const refresh = this.refresh(connection, bank).finally(() => this.refreshing.delete(connection.id));
    this.refreshing.set(connection.id, refresh);
    return refresh;
  }

  private async refresh(connection: BankConnectionEntity, bank: BankClient): Promise<string> {
    if (!connection.refreshToken)
      return this.unauthorized(connection, 'the access expired and there is no refresh token');
    let tokens: Awaited<ReturnType<typeof client.refreshTokenGrant>>;
    try {
      tokens = await client.refreshTokenGrant(
        bank.config,
        this.open(connection.refreshToken, 'refresh_token', connection),
        undefined,
        { DPoP: bank.dpop() },
      );
    } catch (e) {
      if (e instanceof client.ResponseBodyError && ['invalid_grant', 'invalid_client'].includes(e.error))
        return this.unauthorized(connection, `the bank no longer accepts Financroo's access (${e.error})`);
      throw new BankDataError('unreachable', `${bank.bank.name} could not renew the access: ${reasonOf(e)}`);
    }
    const now = this.clock.now();
    const sealed = {
      accessToken: this.seal(tokens.access_token, 'access_token', connection.bankId, connection.userId),
      accessTokenExpiresAt: new Date(now.getTime() + (tokens.expires_in ?? 60) * 1000),
      refreshToken: tokens.refresh_token
        ? this.seal(tokens.refresh_token, 'refresh_token', connection.bankId, connection.userId)
        : connection.refreshToken,
    };
    await this.connections.refreshed(connection.userId, connection.id, sealed, now);
    Object.assign(connection, sealed);
    return tokens.access_token;
  }

  private async revokeQuietly(bank: BankClient, replaced: BankConnectionEntity): Promise<void> {
    try {
      await client.tokenRevocation(bank.config, this.open(replaced.refreshToken!, 'refresh_token', replaced), {
        token_type_hint: 'refresh_token',
      });
    } catch (e) {
      this.logger.warn({ bank: replaced.bankId, reason: reasonOf(e) }, 'the replaced connection could not be revoked');
    }
  }

  private async clientOf(bankId: string, renew = false): Promise<BankClient> {
    try {
      return await (renew ? this.registrar.renew(bankId) : this.registrar.client(bankId));
    } catch (e) {
      if (e instanceof BankUnavailableError)
        throw new ConnectError(
          'failed',
          e.bankName,
          `${e.bankName} is unavailable right now: ${e.reason}. Try again later.`,
        );
      throw e;
    }
  }

  private seal(token: string, kind: string, bankId: string, userId: string): string {
    return this.settings.secrets.seal(token, `${kind}:${bankId}:${userId}`);
  }

  private open(sealed: string, kind: string, connection: BankConnectionEntity): string {
    return this.settings.secrets.open(sealed, `${kind}:${connection.bankId}:${connection.userId}`);
  }
}

/** The accounts an account_information grant names, or undefined when it leaves them to the bank (all). */
export function grantedAccounts(details: Array<Record<string, unknown>> | undefined): string[] | undefined {
  const detail = details?.find((d) => d.type === 'account_information');
  const accounts = detail?.accounts;
  return Array.isArray(accounts) && accounts.every((a) => typeof a === 'string') ? (accounts as string[]) : undefined;
}
