import type { INestApplication } from '@nestjs/common';
import { getRepositoryToken } from '@nestjs/typeorm';
import type { AddressInfo } from 'node:net';
import type { Repository } from 'typeorm';
import { startTestApp, type TestApp } from '../../../test/support/test-app';
import type { AuthServerEnv } from '../src/config/auth-server.env';
import { authServerApp } from '../src/configure-app';
import { ServerEntity } from '../src/servers/server.entity';
import { ServerRegistry } from '../src/servers/server-registry.service';

export interface AuthServerHarness {
  sandbox: TestApp<AuthServerEnv>;
  app: INestApplication;
  /** `https://localhost:8443`: what the server advertises. */
  publicBase: string;
  /** Where the test server really listens (plain HTTP on loopback). */
  localBase: string;
  issuer(server?: string): string;
  /** fetch that sends requests for the advertised URLs to the test server (for strict clients). */
  fetch: typeof fetch;
  close(): Promise<void>;
}

/** auth-server as `npm start` builds it, listening on a loopback port, in a fresh schema. */
export async function startAuthServer(): Promise<AuthServerHarness> {
  const sandbox = await startTestApp(authServerApp);
  const app = sandbox.apps.api!;
  await useBuiltInConsentPages(app);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const localBase = `http://127.0.0.1:${port}`;
  const publicBase = `https://localhost:${sandbox.config.env.AUTH_SERVER_PORT}`;
  const mtlsBase = `https://localhost:${sandbox.config.env.AUTH_SERVER_MTLS_PORT}`;
  const rewrite = (url: string): string => url.replace(publicBase, localBase).replace(mtlsBase, localBase);
  return {
    sandbox,
    app,
    publicBase,
    localBase,
    issuer: (server = 'gobank') => `${publicBase}/obgeneric/${server}`,
    fetch: ((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      const url = input instanceof Request ? input.url : input.toString();
      return fetch(
        rewrite(url),
        input instanceof Request ? { ...init, method: input.method, headers: input.headers, body: init?.body } : init,
      );
    }) as typeof fetch,
    close: () => sandbox.close(),
  };
}

/**
 * The banks' servers are seeded with their banks' consent pages; the authorization server's own tests drive its
 * built-in consent page instead (those that test the hand-off set a consent_page_url themselves).
 */
export async function useBuiltInConsentPages(app: INestApplication): Promise<void> {
  const servers = app.get<Repository<ServerEntity>>(getRepositoryToken(ServerEntity));
  for (const server of await servers.findBy({ tenant: 'obgeneric' })) {
    if (!server.settings.consentPageUrl) continue;
    // null, as the admin API stores it: a restart on this schema keeps the built-in page.
    await servers.update({ id: server.id }, { settings: { ...server.settings, consentPageUrl: null } });
    await app.get(ServerRegistry).changed('obgeneric', server.serverId);
  }
}
