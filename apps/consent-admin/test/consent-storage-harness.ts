import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { getRepositoryToken } from '@nestjs/typeorm';
import { ensureStandardSandboxPki, type SandboxPki } from '@ofs/pki';
import { createListenerApp, FAPI_TLS, listenerTlsOptions } from '@ofs/platform';
import type { Repository } from 'typeorm';
import {
  closeServer,
  distinctFreePorts,
  listenOnLoopback as listen,
  loopbackRequest,
  type ClientCertificate,
  type LoopbackAnswer,
  type LoopbackCall,
} from '../../../test/support/loopback-https';
import { startTestApp, type TestApp } from '../../../test/support/test-app';
import type { AuthServerEnv } from '../../auth-server/src/config/auth-server.env';
import { authServerApp } from '../../auth-server/src/configure-app';
import { ClientEntity } from '../../auth-server/src/clients/client.entity';
import { ServerEntity } from '../../auth-server/src/servers/server.entity';
import { ServerRegistry } from '../../auth-server/src/servers/server-registry.service';
import type { ConsentAdminEnv } from '../src/config/consent-admin.env';
import { consentAdminApp } from '../src/configure-app';

export type { ClientCertificate, LoopbackAnswer as HttpsAnswer, LoopbackCall as HttpsCall };

/**
 * The authorization server and consent-admin as `npm start` runs them, over real TLS on loopback: the AS on
 * its main and mutual-TLS ports (which the test can stop and start again: consent-admin reaches it only
 * there), consent-admin's `admin` listener asking for an optional client certificate. The AS app also
 * listens on a plain-HTTP loopback port for the test's own browser steps (TestBrowser), which never stops.
 */
export interface ConsentStorageHarness {
  pki: SandboxPki;
  as: TestApp<AuthServerEnv>;
  asApp: INestApplication;
  /** `http://127.0.0.1:<port>`: the test's own way into the AS. */
  asLocalBase: string;
  /** `https://localhost:<main>`, `https://localhost:<mtls>`. */
  asPublicBase: string;
  asMtlsBase: string;
  consentAdmin: TestApp<ConsentAdminEnv>;
  /** `https://localhost:<port>` of consent-admin's admin listener (API and console). */
  consentAdminBase: string;
  /** `https://localhost:<port>` of consent-admin's portal listener. */
  consentPortalBase: string;
  certificate(name: string): ClientCertificate;
  request(call: LoopbackCall): Promise<LoopbackAnswer>;
  /** Closes the AS's TLS ports (connections dropped); consent-admin cannot reach it until {@link startAuthServer}. */
  stopAuthServer(): Promise<void>;
  startAuthServer(): Promise<void>;
  /** consent-admin's listeners closed and built again on the same database (a process restart). */
  restartConsentAdmin(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Both banks' servers hand their logins to an external consent page at `consentPageUrl` (the test accepts them
 * through the system API, as the banks' consent pages do).
 */
export async function startConsentStorage(options: { consentPageUrl: string }): Promise<ConsentStorageHarness> {
  const [mainPort, mtlsPort, adminPort, portalPort] = await distinctFreePorts(4);
  const ports = { AUTH_SERVER_PORT: String(mainPort), AUTH_SERVER_MTLS_PORT: String(mtlsPort) };
  const as = await startTestApp(authServerApp, ports);
  const asApp = as.apps.api!;
  await asApp.listen(0, '127.0.0.1');
  const asLocalBase = `http://127.0.0.1:${(asApp.getHttpServer().address() as AddressInfo).port}`;
  await useConsentPage(asApp, options.consentPageUrl);
  await signInClientsAt(asApp, `https://localhost:${adminPort}`, `https://localhost:${portalPort}`);

  const consentAdmin = await startTestApp(consentAdminApp, {
    ...ports,
    CONSENT_ADMIN_PORT: String(adminPort),
    CONSENT_PORTAL_PORT: String(portalPort),
  });
  const pki = await ensureStandardSandboxPki(consentAdmin.config.pkiDir);
  const { tls } = as.config;
  const handler = asApp.getHttpAdapter().getInstance();
  let asServers: https.Server[] = [];
  const startAuthServer = async () => {
    // As run-app.ts serves them: the main port without, the mTLS alias with a request for a client certificate.
    const main = https.createServer({ key: tls.key, cert: tls.cert, ...FAPI_TLS }, handler);
    const mtls = https.createServer(
      { key: tls.key, cert: tls.cert, ca: tls.ca, requestCert: true, rejectUnauthorized: false, ...FAPI_TLS },
      handler,
    );
    await listen(main, mainPort);
    await listen(mtls, mtlsPort);
    asServers = [main, mtls];
  };
  const stopAuthServer = async () => {
    await Promise.all(asServers.map(closeServer));
    asServers = [];
  };
  // consent-admin's admin listener with exactly the TLS options createListenerApp gives it.
  const adminServer = (app: INestApplication) =>
    https.createServer(
      listenerTlsOptions(consentAdmin.config.tls, { clientCertificate: 'optional' }),
      app.getHttpAdapter().getInstance(),
    );
  const portalServer = (app: INestApplication) =>
    https.createServer(listenerTlsOptions(consentAdmin.config.tls, {}), app.getHttpAdapter().getInstance());
  let admin = adminServer(consentAdmin.apps.admin!);
  let portal = portalServer(consentAdmin.apps.portal!);
  try {
    await startAuthServer();
    await listen(admin, adminPort);
    await listen(portal, portalPort);
  } catch (e) {
    await stopAuthServer();
    await closeServer(admin);
    await closeServer(portal);
    await consentAdmin.close();
    await as.close();
    throw e;
  }
  return {
    pki,
    as,
    asApp,
    asLocalBase,
    asPublicBase: `https://localhost:${mainPort}`,
    asMtlsBase: `https://localhost:${mtlsPort}`,
    consentAdmin,
    consentAdminBase: `https://localhost:${adminPort}`,
    consentPortalBase: `https://localhost:${portalPort}`,
    certificate: (name) => {
      const files = pki.clients[name];
      if (!files) throw new Error(`no client certificate ${name}`);
      return { cert: files.cert, key: files.key };
    },
    request: (call) => loopbackRequest(pki.ca, call),
    stopAuthServer,
    startAuthServer,
    restartConsentAdmin: async () => {
      await closeServer(admin);
      await closeServer(portal);
      await consentAdmin.apps.admin!.close();
      await consentAdmin.apps.portal!.close();
      const rebuild = async (name: string) => {
        const listener = consentAdminApp.listeners(consentAdmin.config).find((l) => l.name === name)!;
        const app = await createListenerApp(consentAdminApp, consentAdmin.config, listener, { https: false });
        await app.init();
        consentAdmin.apps[name] = app;
        return app;
      };
      admin = adminServer(await rebuild('admin'));
      portal = portalServer(await rebuild('portal'));
      await listen(admin, adminPort);
      await listen(portal, portalPort);
    },
    close: async () => {
      await closeServer(admin);
      await closeServer(portal);
      await stopAuthServer();
      await consentAdmin.close();
      await as.close();
    },
  };
}

/** The banks' servers hand their logins to an external consent page (as the banks' own pages will take them). */
async function useConsentPage(app: INestApplication, consentPageUrl: string): Promise<void> {
  const servers = app.get<Repository<ServerEntity>>(getRepositoryToken(ServerEntity));
  for (const serverId of ['gobank', 'hyperscalebank']) {
    const server = await servers.findOneByOrFail({ tenant: 'obgeneric', serverId });
    await servers.update({ id: server.id }, { settings: { ...server.settings, consentPageUrl } });
    await app.get(ServerRegistry).changed('obgeneric', serverId);
  }
}

/**
 * The seeded sign-in clients of the console and the portal name the default ports in their redirect URIs; the
 * test's consent-admin listens on free ports, so their registrations follow it (before any of them is used).
 */
async function signInClientsAt(app: INestApplication, consoleBase: string, portalBase: string): Promise<void> {
  const clients = app.get<Repository<ClientEntity>>(getRepositoryToken(ClientEntity));
  const redirects: Record<string, string> = {
    'consent-admin-console': `${consoleBase}/auth/callback`,
    'gobank-consent-portal': `${portalBase}/auth/callback`,
    'hyperscalebank-consent-portal': `${portalBase}/auth/callback`,
  };
  for (const [clientId, redirectUri] of Object.entries(redirects)) {
    const client = await clients.findOneByOrFail({ clientId });
    await clients.update({ clientId }, { metadata: { ...client.metadata, redirect_uris: [redirectUri] } });
  }
}
