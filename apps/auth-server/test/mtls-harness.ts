import * as https from 'node:https';
import type { INestApplication } from '@nestjs/common';
import { FAPI_TLS } from '@ofs/platform';
import { ensureStandardSandboxPki, type SandboxPki } from '@ofs/pki';
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
import type { AuthServerEnv } from '../src/config/auth-server.env';
import { authServerApp } from '../src/configure-app';
import { useBuiltInConsentPages } from './auth-server-harness';

export type { ClientCertificate };

/** A loopback call, addressed by port (`main`, the RFC 8705 alias `mtls`, or a number) and path instead of a URL. */
export type HttpsRequest = Omit<LoopbackCall, 'url'> & { port: 'main' | 'mtls' | number; path: string };

export type HttpsResponse = LoopbackAnswer;

export interface MtlsHarness {
  sandbox: TestApp<AuthServerEnv>;
  app: INestApplication;
  /** The run's test PKI: the CA, the server certificate and the client certificates (financroo, go-bank, …). */
  pki: SandboxPki;
  /** Real loopback ports: AUTH_SERVER_PORT and AUTH_SERVER_MTLS_PORT of this instance. */
  mainPort: number;
  mtlsPort: number;
  /** `https://localhost:<main port>`: the advertised base. */
  publicBase: string;
  /** `https://localhost:<mtls port>`: the advertised RFC 8705 alias base. */
  mtlsBase: string;
  issuer(server?: string): string;
  /** A real HTTPS request to 127.0.0.1 (SNI and name check `localhost`, trusting only the sandbox CA). */
  request(req: HttpsRequest): Promise<HttpsResponse>;
  close(): Promise<void>;
}

/**
 * auth-server as `npm start` runs it, on two real HTTPS listeners on 127.0.0.1: the main port with the
 * server certificate, and the mutual-TLS port that asks for a client certificate and leaves the decision to
 * the app (as libs/platform/src/bootstrap/run-app.ts does), both serving the same express instance.
 */
export async function startMtlsAuthServer(): Promise<MtlsHarness> {
  const [mainPort, mtlsPort] = await distinctFreePorts(2);
  const sandbox = await startTestApp(authServerApp, {
    AUTH_SERVER_PORT: String(mainPort),
    AUTH_SERVER_MTLS_PORT: String(mtlsPort),
  });
  const { tls } = sandbox.config;
  const app = sandbox.apps.api!;
  await useBuiltInConsentPages(app);
  const handler = app.getHttpAdapter().getInstance();
  // The main listener: Nest's HTTPS server in run-app.ts, i.e. httpsOptions { key, cert }, no client certificate.
  const main = https.createServer({ key: tls.key, cert: tls.cert, ...FAPI_TLS }, handler);
  // The mutual-TLS listener, with exactly run-app.ts's options.
  const mtls = https.createServer(
    { key: tls.key, cert: tls.cert, ca: tls.ca, requestCert: true, rejectUnauthorized: false, ...FAPI_TLS },
    handler,
  );
  try {
    await listen(main, mainPort);
    await listen(mtls, mtlsPort);
  } catch (e) {
    await Promise.all([closeServer(main), closeServer(mtls)]);
    await sandbox.close();
    throw e;
  }
  const pki = await ensureStandardSandboxPki(sandbox.config.pkiDir);
  const publicBase = `https://localhost:${mainPort}`;
  return {
    sandbox,
    app,
    pki,
    mainPort,
    mtlsPort,
    publicBase,
    mtlsBase: `https://localhost:${mtlsPort}`,
    issuer: (server = 'gobank') => `${publicBase}/obgeneric/${server}`,
    request: ({ port, path, ...call }) => {
      const to = port === 'main' ? mainPort : port === 'mtls' ? mtlsPort : port;
      return loopbackRequest(pki.ca, { ...call, url: `https://localhost:${to}${path}` });
    },
    close: async () => {
      await Promise.all([closeServer(main), closeServer(mtls)]);
      await sandbox.close();
    },
  };
}
