import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ensureStandardSandboxPki } from '@ofs/pki';
import { exportJWK, generateKeyPair, errors, type JWK, type CryptoKey } from 'jose';
import { RemoteClientKeys } from './remote-client-keys';
import { REMOTE_JWKS_LIMITS } from './remote-jwks';

// RFC 7517 key rotation at a jwks_uri: an unknown kid fetches the set again, at most every 30 s.
describe('RemoteClientKeys', () => {
  let server: Server;
  let uri: string;
  let served: JWK[] = [];
  let fetches = 0;
  let ca: string;

  beforeAll(async () => {
    const pki = await ensureStandardSandboxPki(process.env.OFS_TEST_PKI_DIR!);
    ca = pki.ca;
    server = createServer({ cert: pki.servers.financroo!.cert, key: pki.servers.financroo!.key }, (_req, res) => {
      fetches++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: served }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    uri = `https://localhost:${(server.address() as AddressInfo).port}/jwks`;
  });
  afterAll(() => new Promise((resolve) => server?.close(resolve)));

  async function signer(kid: string): Promise<{ jwk: JWK; key: CryptoKey }> {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    return { jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }, key: privateKey };
  }

  it('uses a fetched set, and fetches again for an unknown kid only after the cool-down', async () => {
    let now = 1_000_000;
    const keys = new RemoteClientKeys(
      { ...REMOTE_JWKS_LIMITS, ca, policy: { allowPrivate: false, allowLoopback: true, internalPorts: [] } },
      () => now,
    );
    const [first, second] = [await signer('one'), await signer('two')];
    served = [first.jwk];
    fetches = 0;
    const getKey = (keys.keysOf('tpp', uri) as { getKey: (h: object, t: object) => Promise<unknown> }).getKey;
    const token = { payload: '', signature: '' };

    await expect(getKey({ alg: 'ES256', kid: 'one' }, token)).resolves.toBeDefined();
    served = [first.jwk, second.jwk]; // the TPP rotates
    now += 10_000;
    await expect(getKey({ alg: 'ES256', kid: 'two' }, token)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    expect(fetches).toBe(1);
    now += 25_000;
    await expect(getKey({ alg: 'ES256', kid: 'two' }, token)).resolves.toBeDefined();
    expect(fetches).toBe(2);
    await expect(getKey({ alg: 'ES256', kid: 'one' }, token)).resolves.toBeDefined();
    expect(fetches).toBe(2);
  });
});
