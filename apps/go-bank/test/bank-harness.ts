import type { RequestListener } from 'node:http';
import * as https from 'node:https';
import type { INestApplication } from '@nestjs/common';
import type { BankConsent, BankConsentStore } from '@ofs/bank-consent';
import { SystemApiClient } from '@ofs/bank-consent';
import { ConsentStorageClient } from '@ofs/consent-store';
import { ensureStandardSandboxPki, type SandboxPki } from '@ofs/pki';
import { FAPI_TLS, listenerTlsOptions, type PlatformEnv } from '@ofs/platform';
import {
  closeServer,
  distinctFreePorts,
  listenOnLoopback,
  loopbackRequest,
  type LoopbackAnswer,
  type LoopbackCall,
} from '../../../test/support/loopback-https';
import { startTestApp, type TestApp } from '../../../test/support/test-app';
import { authServerApp } from '../../auth-server/src/configure-app';
import type { AuthServerEnv } from '../../auth-server/src/config/auth-server.env';
import { consentAdminApp } from '../../consent-admin/src/configure-app';
import {
  hyperscaleBankAuthServer,
  hyperscaleBankConsentStore,
} from '../../hyperscale-bank/src/config/hyperscale-bank.config';
import { hyperscaleBankApp } from '../../hyperscale-bank/src/configure-app';
import { goBankAuthServer, goBankConsentStore } from '../src/config/go-bank.config';
import { goBankApp } from '../src/configure-app';

export type BankName = 'gobank' | 'hyperscalebank';

export type { LoopbackAnswer as HttpsAnswer, LoopbackCall as HttpsCall };

/**
 * One bank as `npm start` runs it, with what it talks to, all over real TLS on loopback: the authorization server
 * (main and mutual-TLS ports, its bank server's consent_page_url seeded from the bank's consent port), consent-admin
 * for Go Bank (its consent storage), and the bank's two listeners (the data API asking for an optional client
 * certificate, the consent page).
 */
export interface BankHarness {
  bank: BankName;
  pki: SandboxPki;
  asApp: INestApplication;
  /** `https://localhost:<main>`, `https://localhost:<mtls>` (the RFC 8705 aliases). */
  asBase: string;
  asMtlsBase: string;
  issuer: string;
  apiBase: string;
  consentPageBase: string;
  /** The bank's own consent store, built as the bank builds it. */
  consents: BankConsentStore;
  /** The consents recorded for one TPP client, newest first (Go Bank: the storage API; Hyperscale: a pool search). */
  consentsOfClient(clientId: string): Promise<BankConsent[]>;
  request(call: LoopbackCall): Promise<LoopbackAnswer>;
  close(): Promise<void>;
}

export async function startBank(bank: BankName): Promise<BankHarness> {
  const [asPort, asMtlsPort, apiPort, consentPort, adminPort] = await distinctFreePorts(5);
  const asEnv = {
    AUTH_SERVER_PORT: String(asPort),
    AUTH_SERVER_MTLS_PORT: String(asMtlsPort),
    [bank === 'gobank' ? 'GO_BANK_CONSENT_PORT' : 'HYPERSCALE_BANK_CONSENT_PORT']: String(consentPort),
  };
  const servers: https.Server[] = [];
  const apps: Array<TestApp<PlatformEnv>> = [];
  const closers: Array<() => void> = [];
  const close = async () => {
    for (const c of closers) c();
    await Promise.all(servers.map(closeServer));
    for (const app of apps.reverse()) await app.close();
  };
  try {
    const as = await startTestApp<AuthServerEnv>(authServerApp, asEnv);
    apps.push(as);
    const asApp = as.apps.api!;
    const asHandler = asApp.getHttpAdapter().getInstance();
    const { tls } = as.config;
    servers.push(await serve({ key: tls.key, cert: tls.cert, ...FAPI_TLS }, asHandler, asPort));
    servers.push(
      await serve(
        { key: tls.key, cert: tls.cert, ca: tls.ca, requestCert: true, rejectUnauthorized: false, ...FAPI_TLS },
        asHandler,
        asMtlsPort,
      ),
    );
    const pki = await ensureStandardSandboxPki(as.config.pkiDir);
    const common = { AUTH_SERVER_PORT: String(asPort), AUTH_SERVER_MTLS_PORT: String(asMtlsPort) };
    let consentsOfClient: BankHarness['consentsOfClient'];
    let consents: BankConsentStore;
    let bankApp: TestApp<PlatformEnv>;
    if (bank === 'gobank') {
      const admin = await startTestApp(consentAdminApp, { ...common, CONSENT_ADMIN_PORT: String(adminPort) });
      apps.push(admin);
      servers.push(
        await serve(
          listenerTlsOptions(admin.config.tls, { clientCertificate: 'optional' }),
          admin.apps.admin!.getHttpAdapter().getInstance(),
          adminPort,
        ),
      );
      const goBank = await startTestApp(goBankApp, {
        ...common,
        GO_BANK_PORT: String(apiPort),
        GO_BANK_CONSENT_PORT: String(consentPort),
        CONSENT_ADMIN_PORT: String(adminPort),
      });
      bankApp = goBank as unknown as TestApp<PlatformEnv>;
      const authServer = goBankAuthServer(goBank.config);
      consents = goBankConsentStore(goBank.config, authServer);
      const storage = new ConsentStorageClient({
        baseUrl: `https://localhost:${adminPort}`,
        clientId: authServer.clientId,
        tokenEndpoint: authServer.tokenEndpoint,
        tls: authServer.tls,
      });
      closers.push(() => storage.close());
      consentsOfClient = async (clientId) =>
        (await storage.list({ client_id: clientId, limit: 100 })).consents as BankConsent[];
    } else {
      const hyperscale = await startTestApp(hyperscaleBankApp, {
        ...common,
        HYPERSCALE_BANK_PORT: String(apiPort),
        HYPERSCALE_BANK_CONSENT_PORT: String(consentPort),
      });
      bankApp = hyperscale as unknown as TestApp<PlatformEnv>;
      const authServer = hyperscaleBankAuthServer(hyperscale.config);
      consents = hyperscaleBankConsentStore(authServer);
      const pools = new SystemApiClient({
        tokenEndpoint: authServer.tokenEndpoint,
        clientId: authServer.clientId,
        scope: 'manage_identity_pools',
        tls: authServer.tls,
      });
      closers.push(() => pools.close());
      consentsOfClient = async (clientId) => {
        const res = await pools.call(
          'GET',
          `${authServer.poolsUrl}/hyperscalebank-consents/records?attr.client_id=${encodeURIComponent(clientId)}&limit=100`,
        );
        const records = (res.body as { records: Array<{ id: string; attributes: Record<string, unknown> }> }).records;
        return records.map((r) => ({ id: r.id, ...r.attributes }) as unknown as BankConsent);
      };
    }
    closers.push(() => consents.close());
    apps.push(bankApp);
    const bankTls = bankApp.config.tls;
    servers.push(
      await serve(
        listenerTlsOptions(bankTls, { clientCertificate: 'optional' }),
        bankApp.apps.api!.getHttpAdapter().getInstance(),
        apiPort,
      ),
    );
    servers.push(
      await serve(
        listenerTlsOptions(bankTls, {}),
        bankApp.apps['consent-page']!.getHttpAdapter().getInstance(),
        consentPort,
      ),
    );
    const asBase = `https://localhost:${asPort}`;
    return {
      bank,
      pki,
      asApp,
      asBase,
      asMtlsBase: `https://localhost:${asMtlsPort}`,
      issuer: `${asBase}/obgeneric/${bank}`,
      apiBase: `https://localhost:${apiPort}`,
      consentPageBase: `https://localhost:${consentPort}`,
      consents,
      consentsOfClient,
      request: (call) => loopbackRequest(pki.ca, call),
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/** A cookie-keeping browser over real HTTPS (cookies per origin); follows nothing by itself. */
export class HttpsBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  constructor(private readonly ca: string) {}

  async get(url: string): Promise<LoopbackAnswer> {
    return this.request({ url });
  }

  async post(url: string, form: Record<string, string> | Array<[string, string]>): Promise<LoopbackAnswer> {
    return this.request({ url, form });
  }

  private async request(call: LoopbackCall): Promise<LoopbackAnswer> {
    const origin = new URL(call.url).origin;
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    this.jars.set(origin, jar);
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await loopbackRequest(this.ca, {
      ...call,
      headers: { ...call.headers, ...(cookie ? { cookie } : {}) },
    });
    const setCookies = res.headers['set-cookie'] ?? [];
    for (const setCookie of Array.isArray(setCookies) ? setCookies : [setCookies]) {
      const [pair] = setCookie.split(';');
      const index = pair!.indexOf('=');
      const [name, value] = [pair!.slice(0, index), pair!.slice(index + 1)];
      if (value === '' || /Max-Age=0/i.test(setCookie)) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  }
}

async function serve(options: https.ServerOptions, handler: RequestListener, port: number): Promise<https.Server> {
  const server = https.createServer(options, handler);
  await listenOnLoopback(server, port);
  return server;
}
