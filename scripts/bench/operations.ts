import { randomBytes } from 'node:crypto';
import { BenchError, expectJson } from './bench-error';
import { DpopSession } from './dpop-session';
import type { HttpClient } from './http-client';
import { clientAuth, s256 } from './jws';
import { timed, type StepTimer } from './load-runner';
import { REDIRECT_URI, type BenchClient } from './registration';

/** The authorization server under test: one of its servers (issuer), reached through the bench's HTTP client. */
export interface Target {
  http: HttpClient;
  issuer: string;
}

/** One concurrent client of the token, PAR and flow benchmarks: its own DPoP key and server nonce. */
export interface DpopWorker {
  dpop: DpopSession;
}

/** RFC 6749 §4.4 with private_key_jwt and a DPoP proof: a DPoP-bound access token. */
export async function clientCredentialsGrant(
  target: Target,
  client: BenchClient,
  worker: DpopWorker,
  scope = 'accounts',
): Promise<string> {
  const url = `${target.issuer}/oauth2/token`;
  const response = await worker.dpop.post('token (client_credentials)', url, () => ({
    grant_type: 'client_credentials',
    scope,
    ...clientAuth(client.clientId, client.key, target.issuer),
  }));
  const body = expectJson('token (client_credentials)', response, 200, ['access_token', 'token_type']);
  if (body.token_type !== 'DPoP')
    throw new BenchError('token (client_credentials)', 200, `token_type ${body.token_type}`);
  return body.access_token;
}

export interface PushedRequest {
  requestUri: string;
  verifier: string;
  state: string;
}

/** RFC 9126 PAR with PKCE S256 and a DPoP proof (which binds the code to the worker's key). */
export async function pushAuthorizationRequest(
  target: Target,
  client: BenchClient,
  worker: DpopWorker,
  step: StepTimer = () => undefined,
): Promise<PushedRequest> {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(24).toString('base64url');
  const nonce = randomBytes(16).toString('base64url');
  const url = `${target.issuer}/par`;
  const response = await timed(step, 'PAR', () =>
    worker.dpop.post('PAR', url, () => ({
      response_type: 'code',
      client_id: client.clientId,
      redirect_uri: REDIRECT_URI,
      scope: 'openid email accounts offline_access',
      code_challenge: s256(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...clientAuth(client.clientId, client.key, target.issuer),
    })),
  );
  const body = expectJson('PAR', response, 201, ['request_uri']);
  return { requestUri: body.request_uri, verifier, state };
}

/** RFC 7662 by the token's own client (no system scope needed): the token must be active. */
export async function introspect(target: Target, client: BenchClient, token: string): Promise<void> {
  const response = await target.http.send({
    method: 'POST',
    url: `${target.issuer}/oauth2/introspect`,
    form: { token, ...clientAuth(client.clientId, client.key, target.issuer) },
  });
  const body = expectJson('introspection', response, 200, ['client_id']);
  if (body.active !== true || body.client_id !== client.clientId) {
    throw new BenchError('introspection', 200, `unexpected answer ${response.body.slice(0, 200)}`);
  }
}
