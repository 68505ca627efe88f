import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { PlatformEnv } from '../config/platform-env';
import { publicUrl, type RuntimeConfig } from '../config/runtime-config';
import { createListenerApp } from './create-listener-app';
import type { SandboxAppDefinition } from './sandbox-app';
import { FAPI_TLS } from './tls-options';

/** Closes what was started, in order; run by shutdown (and by a failed start, for what got that far). */
export type Closer = () => Promise<void>;

/**
 * Creates and starts every listener of `def` (and its mutual-TLS port), pushing how to close each into `closers`
 * as soon as it exists, and reporting each `<listener> listening on <url>` line. In a cluster worker the ports
 * are the primary's shared handles, so every worker listens on the same ports.
 */
export async function startListeners<TEnv extends PlatformEnv>(
  def: SandboxAppDefinition<TEnv>,
  config: RuntimeConfig<TEnv>,
  closers: Closer[],
  listening: (line: string) => void,
): Promise<void> {
  const env = config.env;
  const apps: INestApplication[] = [];
  closers.push(async () => {
    for (const app of apps.reverse()) await app.close();
  });
  for (const listener of def.listeners(config)) {
    const app = await createListenerApp(def, config, listener);
    apps.push(app);
    await app.listen(listener.port, env.BIND_HOST);
    listening(`${listener.name} listening on ${publicUrl(env, listener.port)}`);
    if (listener.mtlsPort !== undefined) {
      const mtls = https.createServer(
        // The TLS layer asks for a certificate and lets the app decide: self-signed client certificates
        // (self_signed_tls_client_auth) do not chain to the sandbox CA.
        {
          key: config.tls.key,
          cert: config.tls.cert,
          ca: config.tls.ca,
          requestCert: true,
          rejectUnauthorized: false,
          ...FAPI_TLS,
        },
        app.getHttpAdapter().getInstance(),
      );
      await new Promise<void>((resolve, reject) => {
        mtls.once('error', reject);
        mtls.listen(listener.mtlsPort, env.BIND_HOST, () => resolve());
      });
      closers.unshift(() => closeServer(mtls));
      const port = (mtls.address() as AddressInfo).port;
      listening(`${listener.name} (mutual TLS) listening on ${publicUrl(env, port)}`);
    }
  }
}

/** Runs every closer (each one's failure ignored: the others still have to run). */
export async function runClosers(closers: readonly Closer[]): Promise<void> {
  for (const close of closers) await close().catch(() => undefined);
}

function closeServer(server: https.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
