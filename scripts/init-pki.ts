/*
 * Creates or renews the sandbox certificates under $SANDBOX_DATA_DIR/pki and exits. Containers run it once
 * before the apps start (docker/docker-compose.yml); `npm start` does the same in-process.
 */
import * as path from 'node:path';
import { ensureStandardSandboxPki } from '@ofs/pki';
import { ConfigError, loadConfig, PlatformEnv, pkiDirOf } from '@ofs/platform';

async function main(): Promise<void> {
  const env = loadConfig(PlatformEnv, process.env);
  const pki = await ensureStandardSandboxPki(pkiDirOf(env));
  for (const file of pki.issued) process.stdout.write(`issued ${path.join(path.dirname(pki.caFile), file)}\n`);
  process.stdout.write(`CA certificate: ${pki.caFile}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`init-pki: ${e instanceof ConfigError || e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
