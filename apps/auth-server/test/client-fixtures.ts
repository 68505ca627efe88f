import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { getRepositoryToken } from '@nestjs/typeorm';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { Repository } from 'typeorm';
import { ClientEntity } from '../src/clients/client.entity';
import { ServerRegistry } from '../src/servers/server-registry.service';

export interface TestClient {
  clientId: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** A private_key_jwt client stored directly (the registration endpoint is tested on its own). */
export async function createClient(
  app: INestApplication,
  metadata: Record<string, unknown> = {},
  server = 'gobank',
): Promise<TestClient> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const publicJwk = { ...(await exportJWK(publicKey)), use: 'sig', alg: 'ES256' };
  publicJwk.kid = await calculateJwkThumbprint(publicJwk);
  const context = await app.get(ServerRegistry).resolve('obgeneric', server);
  const clientId = `test-${randomUUID()}`;
  await app.get<Repository<ClientEntity>>(getRepositoryToken(ClientEntity)).insert({
    clientId,
    serverPk: context.entity.id,
    registrationAccessTokenHash: null,
    metadata: {
      token_endpoint_auth_method: 'private_key_jwt',
      grant_types: ['client_credentials'],
      scope: 'accounts',
      jwks: { keys: [publicJwk] },
      ...metadata,
    },
  });
  return { clientId, privateKey, publicJwk };
}

/** RFC 7523 client assertion; `claims` and `header` override the valid defaults. */
export async function clientAssertion(
  client: TestClient,
  audience: string | string[],
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: client.clientId,
    sub: client.clientId,
    aud: audience,
    jti: randomUUID(),
    iat: now,
    exp: now + 60,
    ...claims,
  };
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256', kid: client.publicJwk.kid, ...header })
    .sign(client.privateKey);
}

export interface DpopKey {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
  jkt: string;
}

export async function dpopKey(): Promise<DpopKey> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const publicJwk = await exportJWK(publicKey);
  return { privateKey, publicKey, publicJwk, jkt: await calculateJwkThumbprint(publicJwk) };
}

/** RFC 9449 §4.2 proof; `claims` override the valid defaults. */
export async function dpopProof(
  key: DpopKey,
  htm: string,
  htu: string,
  claims: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT({ jti: randomUUID(), htm, htu, iat: Math.floor(Date.now() / 1000), ...claims })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.publicJwk })
    .sign(key.privateKey);
}

/** RFC 9449 §8: sends once, and once more with the server's DPoP nonce when it asks for one. */
export async function withServerNonce(send: (nonce?: string) => Promise<import('supertest').Response>) {
  const first = await send();
  return first.body.error === 'use_dpop_nonce' ? send(first.headers['dpop-nonce'] as string) : first;
}

/** One client_credentials request of `client` with a DPoP proof of `key` (and `nonce`, if given): the raw answer. */
export async function clientCredentialsRequest(
  http: () => import('supertest').Agent,
  client: TestClient,
  key: DpopKey,
  nonce?: string,
  server = 'gobank',
) {
  const issuer = `https://localhost:8443/obgeneric/${server}`;
  return http()
    .post(`/obgeneric/${server}/oauth2/token`)
    .type('form')
    .set('DPoP', await dpopProof(key, 'POST', `${issuer}/oauth2/token`, nonce ? { nonce } : {}))
    .send({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await clientAssertion(client, issuer),
    });
}

/** A DPoP-bound client_credentials access token of `client`, obtained through the token endpoint. */
export async function clientCredentialsToken(
  http: () => import('supertest').Agent,
  client: TestClient,
  key?: DpopKey,
  server = 'gobank',
): Promise<{ accessToken: string; key: DpopKey }> {
  const proofKey = key ?? (await dpopKey());
  const res = await withServerNonce((nonce) => clientCredentialsRequest(http, client, proofKey, nonce, server));
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { accessToken: res.body.access_token as string, key: proofKey };
}
