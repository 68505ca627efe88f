import type { INestApplication } from '@nestjs/common';
import { ensureStandardSandboxPki } from '@ofs/pki';
import {
  createListenerApp,
  dataDirOf,
  loadConfig,
  migrateDatabase,
  type PlatformEnv,
  type RuntimeConfig,
  type SandboxAppDefinition,
} from '@ofs/platform';
import { dropSchema, testDatabaseUrl, uniqueSchema } from './test-database';

export interface TestApp<TEnv extends PlatformEnv> {
  /** The listeners, by name, initialised (not listening): drive them with supertest(app.getHttpServer()). */
  apps: Record<string, INestApplication>;
  config: RuntimeConfig<TEnv>;
  close(): Promise<void>;
}

/**
 * An app exactly as `npm start` builds it (same configureApp, modules, migrations), in a fresh schema of the
 * run's real PostgreSQL, without TLS on the test side so supertest can drive it. `options.schema` starts it on an
 * existing schema instead (a sandbox initialised by an earlier release), which `close` then leaves to the caller.
 */
export async function startTestApp<TEnv extends PlatformEnv>(
  def: SandboxAppDefinition<TEnv>,
  env: Record<string, string> = {},
  options: { schema?: string } = {},
): Promise<TestApp<TEnv>> {
  const validated = loadConfig(def.envClass, { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...env });
  const pkiDir = process.env.OFS_TEST_PKI_DIR;
  if (!pkiDir) throw new Error('OFS_TEST_PKI_DIR is not set: run tests through jest (test/global-setup.ts)');
  const pki = await ensureStandardSandboxPki(pkiDir);
  const server = pki.servers[def.name];
  if (!server) throw new Error(`no test certificate for ${def.name}`);
  const schema = options.schema ?? uniqueSchema(def.schema);
  const dropOnClose = options.schema === undefined;
  const config: RuntimeConfig<TEnv> = {
    app: def.name,
    env: validated,
    dataDir: dataDirOf(validated),
    pkiDir,
    database: { url: testDatabaseUrl(), schema },
    tls: { cert: server.cert, key: server.key, ca: pki.ca },
  };
  await migrateDatabase(config.database.url, { ...def.database, schema }, def.name);
  const apps: Record<string, INestApplication> = {};
  try {
    for (const listener of def.listeners(config)) {
      const app = await createListenerApp(def, config, listener, { https: false });
      await app.init();
      apps[listener.name] = app;
    }
  } catch (e) {
    for (const app of Object.values(apps)) await app.close();
    if (dropOnClose) await dropSchema(schema);
    throw e;
  }
  return {
    apps,
    config,
    close: async () => {
      for (const app of Object.values(apps)) await app.close();
      if (dropOnClose) await dropSchema(schema);
    },
  };
}
