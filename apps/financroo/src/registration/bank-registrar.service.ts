import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import * as client from 'openid-client';
import type { webcrypto } from 'node:crypto';
import { HttpsClient, type FetchLike } from '@ofs/platform';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
import type { Bank } from '../config/banks-file';
import { FINANCROO_SETTINGS, type FinancrooSettings } from '../config/financroo.config';
import { SecretBoxError } from '../crypto/secret-box';
import { BankUnavailableError, reasonOf } from './bank-unavailable.error';
import type { BankRegistrationEntity } from './bank-registration.entity';
import { BankRegistrationRepository } from './bank-registration.repository';
import { clientMetadata, sameMetadata } from './client-metadata';

/** Financroo's client at one bank, ready for openid-client calls. */
export interface BankClient {
  bank: Bank;
  clientId: string;
  config: client.Configuration;
  /** Signs request objects (RFC 9101). */
  signingKey: { key: CryptoKey; kid: string };
  /** A DPoP handle for one flow (RFC 9449), or undefined with certificate-bound tokens. */
  dpop(): client.DPoPHandle | undefined;
}

export type BankStatus =
  { state: 'ready' } | { state: 'unavailable'; reason: string; attempts: number; nextAttemptAt: Date };

/** Retry delays of a bank that could not be registered: 2 s, 4 s, 8 s, … at most a minute. */
export const REGISTRATION_BACKOFF = { baseMs: 2_000, maxMs: 60_000 } as const;

export function registrationRetryDelay(attempts: number): number {
  return Math.min(REGISTRATION_BACKOFF.baseMs * 2 ** Math.max(0, attempts - 1), REGISTRATION_BACKOFF.maxMs);
}

const SIGNING_ALG = 'PS256';
const DPOP_ALG = 'ES256';

/**
 * RFC 7591 / RFC 7592 at start-up: each bank with enable_dcr gets one registration, kept (keys and tokens
 * sealed) and reused after a restart; changed metadata is a PUT to the client configuration endpoint; a
 * registration the server no longer knows is made again; a bank that cannot be reached is retried with backoff
 * (and on demand when a user picks it) until it answers.
 */
@Injectable()
export class BankRegistrar implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('BankRegistrar');
  private readonly clients = new Map<string, BankClient>();
  private readonly statuses = new Map<string, BankStatus>();
  private readonly inFlight = new Map<string, Promise<BankClient>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** One HTTPS client (kept-alive connections) per bank, closed at shutdown. */
  private readonly https = new Map<string, HttpsClient>();
  private stopped = false;

  constructor(
    @Inject(FINANCROO_SETTINGS) private readonly settings: FinancrooSettings,
    private readonly registrations: BankRegistrationRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(this.settings.banks.map((bank) => this.attempt(bank).catch(() => undefined)));
  }

  onModuleDestroy(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const http of this.https.values()) http.close();
  }

  status(bankId: string): BankStatus {
    return (
      this.statuses.get(bankId) ?? {
        state: 'unavailable',
        reason: 'not registered yet',
        attempts: 0,
        nextAttemptAt: new Date(),
      }
    );
  }

  /** The bank's client; a bank not registered yet is tried once more now (BankUnavailableError if it fails). */
  async client(bankId: string): Promise<BankClient> {
    const bank = this.bank(bankId);
    return this.clients.get(bankId) ?? this.attempt(bank);
  }

  /**
   * The server refused the client (invalid_client: it was deleted, or the server's data was reset): the
   * registration is checked again now (an RFC 7592 read; a new registration when the server no longer knows it).
   */
  renew(bankId: string): Promise<BankClient> {
    this.clients.delete(bankId);
    return this.attempt(this.bank(bankId));
  }

  bank(bankId: string): Bank {
    const bank = this.settings.banks.find((b) => b.id === bankId);
    if (!bank) throw new BankUnavailableError(bankId, bankId, 'Financroo does not know this bank');
    return bank;
  }

  /** One registration attempt per bank at a time; a failure schedules the next one. */
  private attempt(bank: Bank): Promise<BankClient> {
    const running = this.inFlight.get(bank.id);
    if (running) return running;
    const run = this.ensure(bank)
      .then((ready) => {
        this.clients.set(bank.id, ready);
        this.statuses.set(bank.id, { state: 'ready' });
        clearTimeout(this.timers.get(bank.id));
        return ready;
      })
      .catch((e: unknown) => {
        const previous = this.statuses.get(bank.id);
        const attempts = (previous?.state === 'unavailable' ? previous.attempts : 0) + 1;
        const delay = registrationRetryDelay(attempts);
        const reason = reasonOf(e);
        this.statuses.set(bank.id, {
          state: 'unavailable',
          reason,
          attempts,
          nextAttemptAt: new Date(Date.now() + delay),
        });
        this.logger.warn({ bank: bank.id, attempts, retry_in_ms: delay, reason }, 'bank registration failed');
        this.schedule(bank, delay);
        throw new BankUnavailableError(bank.id, bank.name, reason);
      })
      .finally(() => this.inFlight.delete(bank.id));
    this.inFlight.set(bank.id, run);
    return run;
  }

  private schedule(bank: Bank, delay: number): void {
    if (this.stopped) return;
    clearTimeout(this.timers.get(bank.id));
    this.timers.set(bank.id, setTimeout(() => void this.attempt(bank).catch(() => undefined), delay).unref());
  }

  private async ensure(bank: Bank): Promise<BankClient> {
    const fetch = this.fetchFor(bank);
    const existing = await this.registrations.findForBank(bank.id);
    let stored = existing && existing.issuer === bank.issuer ? existing : null;
    let keys: Keys | undefined;
    if (stored) {
      try {
        keys = await this.openKeys(stored, bank);
        if (stored.registrationAccessToken)
          this.settings.secrets.open(stored.registrationAccessToken, `registration_access_token:${bank.id}`);
      } catch (e) {
        if (!(e instanceof SecretBoxError)) throw e;
        // Sealed with another key (FINANCROO_ENCRYPTION_KEY changed, or the key file was removed): unusable, so
        // Financroo registers again; the old client stays at the server until it is deleted there.
        this.logger.warn(
          { bank: bank.id, client_id: stored.clientId },
          'stored registration cannot be decrypted: registering again',
        );
        stored = null;
        keys = undefined;
      }
    }
    keys ??= await this.newKeys(bank);
    if (bank.authentication === 'private_key_jwt' && !keys.dpop)
      keys = await this.withImported({ ...keys, dpop: await newDpopKey() });
    const metadata = clientMetadata(bank, {
      publicBase: this.settings.publicBase,
      signingJwk: keys.signingPublic,
      certificateSubject: this.settings.certificateSubject,
    });
    if (!bank.enableDcr) return this.staticClient(bank, fetch, keys, stored);

    let registered: Registered | null = null;
    if (stored?.registrationClientUri && stored.registrationAccessToken) {
      const token = this.settings.secrets.open(stored.registrationAccessToken, `registration_access_token:${bank.id}`);
      registered = sameMetadata(stored.metadata, metadata)
        ? await this.read(stored.registrationClientUri, token, fetch)
        : await this.update(stored, token, metadata, fetch);
      if (registered && !sameMetadata(stored.metadata, metadata))
        this.logger.log({ bank: bank.id, client_id: stored.clientId }, 'registration updated (RFC 7592)');
    }
    const auth = this.clientAuth(bank, keys);
    let config: client.Configuration;
    if (registered) {
      config = await client.discovery(
        new URL(bank.issuer),
        registered.client_id,
        this.clientMetadataFor(bank, registered),
        auth,
        {
          [client.customFetch]: fetch as never,
        },
      );
    } else {
      config = await client.dynamicClientRegistration(
        new URL(bank.issuer),
        metadata as Partial<client.ClientMetadata>,
        auth,
        {
          [client.customFetch]: fetch as never,
        },
      );
      registered = config.clientMetadata() as unknown as Registered;
      this.logger.log({ bank: bank.id, client_id: registered.client_id }, 'registered by DCR (RFC 7591)');
      config = new client.Configuration(
        config.serverMetadata(),
        registered.client_id,
        this.clientMetadataFor(bank, registered),
        auth,
      );
    }
    const now = new Date();
    await this.registrations.saveForBank({
      bankId: bank.id,
      issuer: bank.issuer,
      clientId: registered.client_id,
      authentication: bank.authentication,
      registrationClientUri: registered.registration_client_uri ?? null,
      registrationAccessToken: registered.registration_access_token
        ? this.settings.secrets.seal(registered.registration_access_token, `registration_access_token:${bank.id}`)
        : null,
      metadata,
      signingKey: this.settings.secrets.seal(JSON.stringify(keys.signingPrivate), `signing_key:${bank.id}`),
      dpopKey: keys.dpop ? this.settings.secrets.seal(JSON.stringify(keys.dpop), `dpop_key:${bank.id}`) : null,
      createdAt: now,
      updatedAt: now,
    });
    return this.ready(bank, registered.client_id, config, fetch, keys);
  }

  /** A bank without DCR: the client_id from the banks file, tls_client_auth, discovery only. */
  private async staticClient(
    bank: Bank,
    fetch: FetchLike,
    keys: Keys,
    stored: BankRegistrationEntity | null,
  ): Promise<BankClient> {
    const clientId = bank.clientId!;
    const config = await client.discovery(
      new URL(bank.issuer),
      clientId,
      { use_mtls_endpoint_aliases: true, authorization_signed_response_alg: SIGNING_ALG },
      client.TlsClientAuth(),
      { [client.customFetch]: fetch as never },
    );
    if (!stored || stored.clientId !== clientId) {
      const now = new Date();
      await this.registrations.saveForBank({
        bankId: bank.id,
        issuer: bank.issuer,
        clientId,
        authentication: 'tls_client_auth',
        registrationClientUri: null,
        registrationAccessToken: null,
        metadata: { jwks: { keys: [keys.signingPublic] } },
        signingKey: this.settings.secrets.seal(JSON.stringify(keys.signingPrivate), `signing_key:${bank.id}`),
        dpopKey: null,
        createdAt: now,
        updatedAt: now,
      });
      this.logger.warn(
        { bank: bank.id, client_id: clientId, jwk: keys.signingPublic },
        'enable_dcr is false: register this public key as the client jwks at the bank so it accepts the request objects',
      );
    }
    return this.ready(bank, clientId, config, fetch, keys);
  }

  private ready(bank: Bank, clientId: string, config: client.Configuration, fetch: FetchLike, keys: Keys): BankClient {
    config[client.customFetch] = fetch as never;
    client.useJwtResponseMode(config);
    const dpopKey = keys.dpopPair;
    return {
      bank,
      clientId,
      config,
      signingKey: { key: keys.signingKey, kid: keys.signingPublic.kid! },
      dpop: () =>
        bank.authentication === 'private_key_jwt' && dpopKey ? client.getDPoPHandle(config, dpopKey) : undefined,
    };
  }

  private clientMetadataFor(bank: Bank, registered: Registered): Partial<client.ClientMetadata> {
    return {
      ...registered,
      // RFC 8705 §5: with mutual TLS the client calls the server's aliases (a client-side setting).
      ...(bank.authentication === 'tls_client_auth' ? { use_mtls_endpoint_aliases: true } : {}),
    } as Partial<client.ClientMetadata>;
  }

  private clientAuth(bank: Bank, keys: Keys): client.ClientAuth {
    return bank.authentication === 'private_key_jwt'
      ? client.PrivateKeyJwt({ key: keys.signingKey, kid: keys.signingPublic.kid! })
      : client.TlsClientAuth();
  }

  /** RFC 7592 §2.1: the registration as the server has it; null when the server no longer knows it (401/404). */
  private async read(uri: string, token: string, fetch: FetchLike): Promise<Registered | null> {
    const res = await fetch(uri, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    if (res.status === 401 || res.status === 404) return null;
    return registrationAnswer(res, 'read');
  }

  /** RFC 7592 §2.2: replaces the registered metadata; null when the server no longer knows the client. */
  private async update(
    stored: BankRegistrationEntity,
    token: string,
    metadata: Record<string, unknown>,
    fetch: FetchLike,
  ): Promise<Registered | null> {
    const res = await fetch(stored.registrationClientUri!, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ ...metadata, client_id: stored.clientId }),
    });
    if (res.status === 401 || res.status === 404) return null;
    const answer = await registrationAnswer(res, 'update');
    // RFC 7592 §3: the server may rotate the registration access token; keep the one we had otherwise.
    return { ...answer, registration_access_token: answer.registration_access_token ?? token };
  }

  private fetchFor(bank: Bank): FetchLike {
    const { ca, cert, key } = this.settings.tls;
    let http = this.https.get(bank.id);
    if (!http) {
      http = new HttpsClient(bank.authentication === 'tls_client_auth' ? { ca, cert, key } : { ca });
      this.https.set(bank.id, http);
    }
    const base = http.fetch;
    if (bank.issuer === bank.internalIssuer) return base;
    // The backend reaches the server at acp_internal_url; the URLs it names (issuer, endpoints) stay public.
    const publicOrigin = new URL(bank.issuer).origin;
    const internalOrigin = new URL(bank.internalIssuer).origin;
    return (url, options) =>
      base(url.startsWith(publicOrigin) ? internalOrigin + url.slice(publicOrigin.length) : url, options);
  }

  private async newKeys(bank: Bank): Promise<Keys> {
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
    const signingPublic: JWK = { ...(await exportJWK(publicKey)), use: 'sig', alg: SIGNING_ALG };
    signingPublic.kid = await calculateJwkThumbprint(signingPublic);
    const signingPrivate: JWK = {
      ...(await exportJWK(privateKey)),
      use: 'sig',
      alg: SIGNING_ALG,
      kid: signingPublic.kid,
    };
    const dpop = bank.authentication === 'private_key_jwt' ? await newDpopKey() : undefined;
    return this.withImported({ signingPrivate, signingPublic, dpop });
  }

  private async openKeys(stored: BankRegistrationEntity, bank: Bank): Promise<Keys> {
    const signingPrivate = JSON.parse(this.settings.secrets.open(stored.signingKey, `signing_key:${bank.id}`)) as JWK;
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...signingPublic } = signingPrivate;
    const dpop = stored.dpopKey
      ? (JSON.parse(this.settings.secrets.open(stored.dpopKey, `dpop_key:${bank.id}`)) as JWK)
      : undefined;
    return this.withImported({ signingPrivate, signingPublic, dpop });
  }

  private async withImported(keys: Pick<Keys, 'signingPrivate' | 'signingPublic' | 'dpop'>): Promise<Keys> {
    const signingKey = (await importJWK(keys.signingPrivate, SIGNING_ALG)) as CryptoKey;
    return { ...keys, signingKey, dpopPair: keys.dpop ? await dpopPair(keys.dpop) : undefined };
  }
}

interface Registered {
  client_id: string;
  registration_client_uri?: string;
  registration_access_token?: string;
  [member: string]: unknown;
}

interface Keys {
  signingPrivate: JWK;
  signingPublic: JWK;
  signingKey: CryptoKey;
  /** Private JWK of the DPoP key. */
  dpop?: JWK;
  dpopPair?: CryptoKeyPair;
}

async function newDpopKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(DPOP_ALG, { extractable: true });
  return { ...(await exportJWK(privateKey)), alg: DPOP_ALG };
}

async function dpopPair(jwk: JWK): Promise<CryptoKeyPair> {
  const { d: _d, ...publicJwk } = jwk;
  return {
    privateKey: (await importJWK(jwk, DPOP_ALG)) as CryptoKey,
    publicKey: (await importJWK(publicJwk, DPOP_ALG, { extractable: true })) as CryptoKey,
  };
}

async function registrationAnswer(res: Response, what: string): Promise<Registered> {
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: reported below
  }
  if (res.status !== 200 || typeof body.client_id !== 'string') {
    const why =
      typeof body.error === 'string'
        ? `${body.error}${body.error_description ? `: ${String(body.error_description)}` : ''}`
        : `HTTP ${res.status}`;
    throw new Error(`registration ${what} refused (${why})`);
  }
  return body as Registered;
}
