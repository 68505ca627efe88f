import * as client from 'openid-client';
import { HttpsClient } from '@ofs/platform';
import { PageError } from '@ofs/web';
import type { SignInClient } from '../config/consent-admin.config';

/**
 * How long a sign-in under way may take (its session's lifetime until the callback): anyone can follow the sign-in
 * link, and what it leaves behind should not last the 8 hours of a signed-in session.
 */
export const SIGN_IN_SECONDS = 600;

/** What the browser's session keeps between the redirect to the authorization server and the callback. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Who signed in, from the validated ID token. */
export interface SignedInPerson {
  sub: string;
  name?: string;
}

/**
 * One OIDC sign-in client of consent-admin as a FAPI 2.0 client (openid-client): the request is pushed (PAR, RFC
 * 9126) with PKCE S256, the client authenticates with its certificate (tls_client_auth) on the mutual-TLS aliases,
 * the code comes back with `iss` (RFC 9207), and the ID token is validated (iss, aud, exp, nonce) before the
 * person counts as signed in. Discovery happens at the first sign-in (the authorization server may start later).
 */
export class OidcSignIn {
  private configuration: Promise<client.Configuration> | undefined;
  /** Every call to the server (discovery, PAR, token) offers consent-admin's certificate (RFC 8705 §2). */
  private readonly http: HttpsClient;

  constructor(private readonly settings: SignInClient) {
    this.http = new HttpsClient(settings.tls, { maxSockets: 8 });
  }

  /** The authorization URL to send the browser to, and what to keep until the callback. */
  async start(): Promise<{ url: URL; pending: PendingSignIn }> {
    const config = await this.config();
    const pending: PendingSignIn = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
    };
    try {
      const url = await client.buildAuthorizationUrlWithPAR(config, {
        redirect_uri: this.settings.redirectUri,
        scope: this.settings.scope,
        code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      });
      return { url, pending };
    } catch (e) {
      throw unavailable(e);
    }
  }

  /** The callback (`code`, `state`, `iss`) checked and the code exchanged; the ID token's subject. */
  async finish(query: string, pending: PendingSignIn): Promise<SignedInPerson> {
    const config = await this.config();
    const callback = new URL(this.settings.redirectUri);
    callback.search = query;
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (e) {
      if (e instanceof client.AuthorizationResponseError) {
        throw new PageError(400, 'Sign-in cancelled', 'Signing in did not complete. Please try again.', e.error);
      }
      throw new PageError(
        400,
        'Sign-in failed',
        'The sign-in could not be completed. Please try again.',
        (e as Error).message,
      );
    }
    const claims = tokens.claims();
    if (!claims) throw new PageError(400, 'Sign-in failed', 'The sign-in could not be completed.', 'no ID token');
    return { sub: claims.sub, name: typeof claims.name === 'string' ? claims.name : undefined };
  }

  close(): void {
    this.http.close();
  }

  private config(): Promise<client.Configuration> {
    this.configuration ??= this.discover().catch((e: unknown) => {
      this.configuration = undefined;
      throw unavailable(e);
    });
    return this.configuration;
  }

  private async discover(): Promise<client.Configuration> {
    const fetch = this.http.fetch;
    const config = await client.discovery(
      new URL(this.settings.issuer),
      this.settings.clientId,
      // RFC 8705 §5: a client using mutual TLS calls the aliases (a client-side choice, not registered metadata).
      { use_mtls_endpoint_aliases: true },
      client.TlsClientAuth(),
      { [client.customFetch]: fetch },
    );
    config[client.customFetch] = fetch;
    return config;
  }
}

function unavailable(e: unknown): PageError {
  if (e instanceof PageError) return e;
  return new PageError(
    503,
    'Sign-in unavailable',
    'The sign-in service cannot be reached right now. Please try again in a moment.',
    (e as Error).message,
  );
}
