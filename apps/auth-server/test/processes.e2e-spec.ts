import type { INestApplication } from '@nestjs/common';
import { createListenerApp } from '@ofs/platform';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import request from 'supertest';
import { CacheEvents } from '../src/cache/cache-events.service';
import { authServerApp } from '../src/configure-app';
import { startAuthServer, type AuthServerHarness } from './auth-server-harness';
import {
  clientAssertion,
  clientCredentialsRequest,
  clientCredentialsToken,
  createClient,
  dpopKey,
  type TestClient,
} from './client-fixtures';

/**
 * `npm start` runs the server as several worker processes (AUTH_SERVER_WORKERS), and a production deployment
 * as replicas: each is the same app on the same database. Here two instances of the app on one schema stand for
 * two processes; a client's requests may land on either.
 */
describe('auth-server as several processes on one database', () => {
  let as: AuthServerHarness;
  let other: INestApplication;
  const issuer = 'https://localhost:8443/obgeneric/gobank';

  beforeAll(async () => {
    as = await startAuthServer();
    other = await anotherProcess();
  });
  afterAll(async () => {
    await other?.close();
    await as?.close();
  });

  const first = () => request(as.app.getHttpServer());
  const second = () => request(other.getHttpServer());

  async function keyPair() {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const publicJwk = { ...(await exportJWK(publicKey)), use: 'sig', alg: 'ES256' };
    publicJwk.kid = await calculateJwkThumbprint(publicJwk);
    return { publicJwk, privateKey };
  }

  /** The same app on the same schema: one more process of the server. */
  async function anotherProcess(): Promise<INestApplication> {
    const api = authServerApp.listeners(as.sandbox.config).find((l) => l.name === 'api')!;
    const app = await createListenerApp(authServerApp, as.sandbox.config, api, { https: false });
    await app.init();
    return app;
  }

  /** RFC 7591 through the first process; the registration and the client with its key. */
  async function register(clientName: string) {
    const { publicJwk, privateKey } = await keyPair();
    const registered = (
      await first()
        .post('/obgeneric/gobank/oauth2/register')
        .send({
          client_name: clientName,
          redirect_uris: ['https://tpp.example/cb'],
          grant_types: ['client_credentials'],
          token_endpoint_auth_method: 'private_key_jwt',
          jwks: { keys: [publicJwk] },
          scope: 'accounts',
        })
        .expect(201)
    ).body as Record<string, unknown> & { client_id: string };
    const client: TestClient = { clientId: registered.client_id, privateKey, publicJwk };
    return { registered, client };
  }

  /** RFC 7592 update of the client's keys, through the first process. */
  async function replaceKeys(registered: Record<string, unknown>, keys: unknown[]): Promise<void> {
    const {
      registration_access_token: rat,
      registration_client_uri: uri,
      client_id_issued_at: _issuedAt,
      ...update
    } = registered;
    await first()
      .put(new URL(uri as string).pathname)
      .set('Authorization', `Bearer ${rat as string}`)
      .send({ ...update, jwks: { keys } })
      .expect(200);
  }

  it('TOKEN-18: a DPoP nonce one process hands out is accepted by the other', async () => {
    const client = await createClient(as.app);
    const key = await dpopKey();
    const asked = await clientCredentialsRequest(first, client, key);
    expect(asked.status).toBe(400);
    expect(asked.body.error).toBe('use_dpop_nonce');
    const nonce = asked.headers['dpop-nonce'] as string;

    const granted = await clientCredentialsRequest(second, client, key, nonce);
    expect(granted.status).toBe(200);
    expect(granted.body.token_type).toBe('DPoP');
    // …and the token the second one issued introspects at the first.
    const introspected = await first()
      .post('/obgeneric/gobank/oauth2/introspect')
      .type('form')
      .send({
        token: granted.body.access_token,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await clientAssertion(client, issuer),
      })
      .expect(200);
    expect(introspected.body).toMatchObject({ active: true, client_id: client.clientId });
  });

  it('REG-12: a key registered at one process works at once at another that has not heard of the change yet', async () => {
    const { registered, client } = await register('Deaf-process TPP');
    // A third process, cut off from the notifications: it only has its cache and the database.
    const deaf = await anotherProcess();
    try {
      await deaf.get(CacheEvents).onApplicationShutdown();
      const third = () => request(deaf.getHttpServer());
      await clientCredentialsToken(third, client); // now cached
      const next = await keyPair();
      await replaceKeys(registered, [client.publicJwk, next.publicJwk]);

      await clientCredentialsToken(third, { clientId: client.clientId, ...next });
    } finally {
      await deaf.close();
    }
  });

  it('REG-12: a key replaced at one process is refused by the other within moments (it had the client cached)', async () => {
    const { registered, client: oldKey } = await register('Two-process TPP');
    await clientCredentialsToken(second, oldKey); // the second process now has the client and its key cached

    const next = await keyPair();
    await replaceKeys(registered, [next.publicJwk]);

    // The notification travels through PostgreSQL: well under the 5 s the cache would otherwise keep the client.
    const deadline = Date.now() + 2_000;
    let refused = false;
    while (!refused && Date.now() < deadline) {
      refused = await clientCredentialsToken(second, oldKey).then(
        () => false,
        (e: Error) => /401.*invalid_client/.test(e.message),
      );
      if (!refused) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(refused).toBe(true);
    await clientCredentialsToken(second, { clientId: oldKey.clientId, ...next });
  });
});
