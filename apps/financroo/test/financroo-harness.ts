import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ensureStandardSandboxPki, type SandboxPki } from '@ofs/pki';
import { FAPI_TLS } from '@ofs/platform';
import request from 'supertest';
import {
  closeServer,
  distinctFreePorts,
  listenOnLoopback as listen,
  loopbackRequest,
  type LoopbackAnswer,
} from '../../../test/support/loopback-https';
import { startTestApp, type TestApp } from '../../../test/support/test-app';
import type { AuthServerEnv } from '../../auth-server/src/config/auth-server.env';
import { authServerApp } from '../../auth-server/src/configure-app';
import { useBuiltInConsentPages } from '../../auth-server/test/auth-server-harness';
import type { FinancrooEnv } from '../src/config/financroo.env';
import { financrooApp } from '../src/configure-app';
import {
  GO_BANK_SEED,
  HYPERSCALE_SEED,
  introspect,
  startTestBank,
  type TestBank,
  type TestBankAuthServer,
} from './test-bank';

export type { LoopbackAnswer as HttpsAnswer };

/**
 * The real authorization server (main and mutual-TLS ports on loopback, stoppable), the two banks' CDR APIs
 * (libs/bank with an introspecting access check) and a banks file pointing Financroo at them. Financroo itself
 * is started by the test (startFinancroo) and driven in-process; its redirect URI names FINANCROO_PORT.
 */
export interface FinancrooHarness {
  pki: SandboxPki;
  as: TestApp<AuthServerEnv>;
  asPublicBase: string;
  asMtlsBase: string;
  banksFile: string;
  financrooPort: number;
  goBank: TestBank;
  hyperscaleBank: TestBank;
  startFinancroo(env?: Record<string, string>, options?: { schema?: string }): Promise<TestApp<FinancrooEnv>>;
  stopAuthServer(): Promise<void>;
  startAuthServer(): Promise<void>;
  /** RFC 7662 at a bank's server, as that bank (its certificate, tls_client_auth). */
  introspect(server: 'gobank' | 'hyperscalebank', token: string): Promise<Record<string, unknown>>;
  /** A plain HTTPS request to the AS (the browser's side of the flow), trusting the sandbox CA. */
  asRequest(
    url: string,
    init?: { method?: string; form?: Record<string, string>; cookie?: string; headers?: Record<string, string> },
  ): Promise<LoopbackAnswer>;
  close(): Promise<void>;
}

export const ENCRYPTION_KEY = 'a'.repeat(64);

export async function startFinancrooHarness(): Promise<FinancrooHarness> {
  const [mainPort, mtlsPort, goPort, hyperPort, financrooPort] = (await distinctFreePorts(5)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const as = await startTestApp(authServerApp, {
    AUTH_SERVER_PORT: String(mainPort),
    AUTH_SERVER_MTLS_PORT: String(mtlsPort),
  });
  // The banks' own consent pages are not running here: the authorization server's built-in page stands in.
  await useBuiltInConsentPages(as.apps.api!);
  const pki = await ensureStandardSandboxPki(as.config.pkiDir);
  const { tls } = as.config;
  const handler = as.apps.api!.getHttpAdapter().getInstance();
  let servers: https.Server[] = [];
  const startAuthServer = async () => {
    const main = https.createServer({ key: tls.key, cert: tls.cert, ...FAPI_TLS }, handler);
    const mtls = https.createServer(
      { key: tls.key, cert: tls.cert, ca: tls.ca, requestCert: true, rejectUnauthorized: false, ...FAPI_TLS },
      handler,
    );
    await listen(main, mainPort);
    await listen(mtls, mtlsPort);
    servers = [main, mtls];
  };
  const stopAuthServer = async () => {
    await Promise.all(servers.map(closeServer));
    servers = [];
  };
  await startAuthServer();
  const asPublicBase = `https://localhost:${mainPort}`;
  const asMtlsBase = `https://localhost:${mtlsPort}`;
  const bankAs = (server: string, cert: string, clientId: string): TestBankAuthServer => ({
    introspectionUrl: `${asMtlsBase}/obgeneric/${server}/oauth2/introspect`,
    clientId,
    cert: pki.clients[cert]!.cert,
    key: pki.clients[cert]!.key,
    ca: pki.ca,
  });
  const asOf = {
    gobank: bankAs('gobank', 'go-bank', 'gobank-bank'),
    hyperscalebank: bankAs('hyperscalebank', 'hyperscale-bank', 'hyperscalebank-bank'),
  };
  const goBank = await startTestBank('go-bank', goPort, GO_BANK_SEED, asOf.gobank);
  const hyperscaleBank = await startTestBank('hyperscale-bank', hyperPort, HYPERSCALE_SEED, asOf.hyperscalebank);
  const dir = mkdtempSync(path.join(tmpdir(), 'financroo-banks-'));
  const banksFile = path.join(dir, 'banks.json');
  const bank = (id: string, name: string, url: string, client_authentication: string) => ({
    id,
    name,
    tenant: 'obgeneric',
    server: id,
    acp_url: asPublicBase,
    acp_internal_url: asPublicBase,
    url,
    enable_dcr: true,
    client_authentication,
  });
  writeFileSync(
    banksFile,
    JSON.stringify({
      banks: [
        bank('gobank', 'Go Bank', goBank.url, 'private_key_jwt'),
        bank('hyperscalebank', 'Hyperscale Bank', hyperscaleBank.url, 'tls_client_auth'),
      ],
    }),
  );
  const asRequest: FinancrooHarness['asRequest'] = (url, init = {}) => loopbackRequest(pki.ca, { ...init, url });
  return {
    pki,
    as,
    asPublicBase,
    asMtlsBase,
    banksFile,
    financrooPort,
    goBank,
    hyperscaleBank,
    startFinancroo: (env = {}, options = {}) =>
      startTestApp(
        financrooApp,
        {
          FINANCROO_PORT: String(financrooPort),
          FINANCROO_BANKS_FILE: banksFile,
          FINANCROO_ENCRYPTION_KEY: ENCRYPTION_KEY,
          ...env,
        },
        options,
      ),
    stopAuthServer,
    startAuthServer,
    introspect: (server, token) => introspect(asOf[server], token),
    asRequest,
    close: async () => {
      await goBank.close();
      await hyperscaleBank.close();
      await stopAuthServer();
      await as.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A browser for the test: cookies per origin (Financroo driven in-process through supertest, the AS over
 * HTTPS), redirects followed by hand so each step can be checked.
 */
export class TestBrowser {
  private readonly financrooCookies = new Map<string, string>();
  private readonly asCookies = new Map<string, string>();

  constructor(
    private readonly financroo: () => TestApp<FinancrooEnv>,
    private readonly h: FinancrooHarness,
  ) {}

  async get(pathAndQuery: string): Promise<request.Response> {
    const res = await request(this.financroo().apps.web!.getHttpServer())
      .get(pathAndQuery)
      .set('Cookie', this.cookie(this.financrooCookies));
    this.keep(this.financrooCookies, res.headers['set-cookie']);
    return res;
  }

  async post(pathname: string, form: Record<string, string>): Promise<request.Response> {
    const res = await request(this.financroo().apps.web!.getHttpServer())
      .post(pathname)
      .type('form')
      .set('Cookie', this.cookie(this.financrooCookies))
      .send(form);
    this.keep(this.financrooCookies, res.headers['set-cookie']);
    return res;
  }

  /** The CSRF token in a Financroo page's forms. */
  static csrf(page: string): string {
    const match = /name="_csrf" value="([^"]+)"/.exec(page);
    if (!match) throw new Error(`no CSRF token in the page: ${page.slice(0, 300)}`);
    return match[1]!;
  }

  async signIn(): Promise<void> {
    const page = await this.get('/login');
    const res = await this.post('/login', {
      _csrf: TestBrowser.csrf(page.text),
      username: 'test',
      password: 'p@ssword!',
    });
    if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
  }

  /** Picks a bank in the connect dialog and allows access: Financroo's redirect to the bank's authorize URL. */
  async allow(bankId: string): Promise<URL> {
    const dialog = await this.get('/connect');
    const res = await this.post('/connect', { _csrf: TestBrowser.csrf(dialog.text), bank: bankId });
    if (res.status !== 303) throw new Error(`connect answered ${res.status}: ${res.text.slice(0, 500)}`);
    return new URL(res.headers.location as string);
  }

  /** At the bank: log in as `user`, then the built-in consent page's button; returns Financroo's callback path. */
  async consentAtBank(authorizeUrl: URL, action: 'confirm' | 'deny'): Promise<string> {
    const start = await this.asGet(authorizeUrl.href);
    const loginUrl = new URL(start.headers.location as string, authorizeUrl);
    const loginPage = await this.asGet(loginUrl.href);
    if (!loginPage.text.includes('id="text-field-username-input"'))
      throw new Error(`no login page: ${loginPage.status}`);
    const afterLogin = await this.asPost(loginUrl.href, { username: 'user', password: 'p@ssword!' });
    const consentUrl = new URL(afterLogin.headers.location as string, authorizeUrl);
    const consentPage = await this.asGet(consentUrl.href);
    if (!consentPage.text.includes('value="confirm"')) throw new Error(`no consent page: ${consentPage.status}`);
    let res = await this.asPost(consentUrl.href, { action });
    let next = new URL(res.headers.location as string, authorizeUrl);
    while (next.origin === authorizeUrl.origin) {
      res = await this.asGet(next.href);
      next = new URL(res.headers.location as string, authorizeUrl);
    }
    return next.pathname + next.search;
  }

  private async asGet(url: string): Promise<LoopbackAnswer> {
    const res = await this.h.asRequest(url, { cookie: this.cookie(this.asCookies) });
    this.keep(this.asCookies, res.headers['set-cookie']);
    return res;
  }

  private async asPost(url: string, form: Record<string, string>): Promise<LoopbackAnswer> {
    const res = await this.h.asRequest(url, { form, cookie: this.cookie(this.asCookies) });
    this.keep(this.asCookies, res.headers['set-cookie']);
    return res;
  }

  private cookie(jar: Map<string, string>): string {
    return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(jar: Map<string, string>, setCookie: string | string[] | undefined): void {
    for (const line of [setCookie ?? []].flat()) {
      const [pair] = line.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (value === '' || /Max-Age=0/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
  }
}

export type { AddressInfo };
