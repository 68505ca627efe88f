import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { ensureStandardSandboxPki } from '@ofs/pki';
import { ConfigError } from '../config/config.error';
import { loadConfig } from '../config/load-config';
import type { PlatformEnv } from '../config/platform-env';
import { dataDirOf, pkiDirOf, publicUrl, type RuntimeConfig } from '../config/runtime-config';
import { migrateDatabase } from '../database/migrate-database';
import { createListenerApp } from './create-listener-app';
import { resolveDatabase, type ResolvedDatabase } from './resolve-database';
import type { SandboxAppDefinition } from './sandbox-app';
import { FAPI_TLS } from './tls-options';

const SHUTDOWN_GRACE_MS = 10_000;

/** Starts an app as `npm start` does; the process exits non-zero with one clear line when it cannot. */
export async function runApp<TEnv extends PlatformEnv>(
  def: SandboxAppDefinition<TEnv>,
  env: Record<string, string | undefined> = process.env,
): Promise<void> {
  const say = (line: string): void => void process.stderr.write(`${def.name}: ${line}\n`);
  const closers: Array<() => Promise<void>> = [];
  let database: ResolvedDatabase | undefined;
  try {
    const validated = loadConfig(def.envClass, env);
    const dataDir = dataDirOf(validated);
    const pki = await ensureStandardSandboxPki(pkiDirOf(validated));
    const server = pki.servers[def.name];
    if (!server) throw new Error(`the sandbox PKI has no server certificate for ${def.name}`);
    database = await resolveDatabase(validated, dataDir, say);
    const config: RuntimeConfig<TEnv> = {
      app: def.name,
      env: validated,
      dataDir,
      pkiDir: pkiDirOf(validated),
      database: { url: database.url, schema: def.schema },
      tls: { cert: server.cert, key: server.key, ca: pki.ca },
    };
    await migrateDatabase(config.database.url, { ...def.database, schema: def.schema }, def.name);

    const apps: INestApplication[] = [];
    closers.push(async () => {
      for (const app of apps.reverse()) await app.close();
    });
    for (const listener of def.listeners(config)) {
      const app = await createListenerApp(def, config, listener);
      apps.push(app);
      await app.listen(listener.port, validated.BIND_HOST);
      say(`${listener.name} listening on ${publicUrl(validated, listener.port)}`);
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
          mtls.listen(listener.mtlsPort, validated.BIND_HOST, () => resolve());
        });
        closers.unshift(() => closeServer(mtls));
        const port = (mtls.address() as AddressInfo).port;
        say(`${listener.name} (mutual TLS) listening on ${publicUrl(validated, port)}`);
      }
    }
  } catch (error) {
    say(`cannot start: ${describeStartupError(error)}`);
    await shutdown(closers, database);
    process.exit(1);
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    say(`${signal} received, shutting down`);
    const force = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS);
    force.unref();
    void shutdown(closers, database).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function shutdown(closers: Array<() => Promise<void>>, database: ResolvedDatabase | undefined): Promise<void> {
  for (const close of closers) await close().catch(() => undefined);
  await database?.stop().catch(() => undefined);
}

function closeServer(server: https.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

function describeStartupError(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'EADDRINUSE') return `port already in use (${e.message}); stop what uses it or set the port variable`;
  if (e?.code === 'EACCES') return `permission denied: ${e.message}`;
  return e instanceof Error ? e.message : String(error);
}
