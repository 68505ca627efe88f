/*
 * Once per `jest` run: the test PKI and, without DATABASE_URL, one embedded PostgreSQL server for every
 * integration and e2e test file (each file then works in a schema of its own, see test/support/test-app.ts).
 */
import * as path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../libs/embedded-db/src';
import { ensureStandardSandboxPki } from '../libs/pki/src';
import { freePort } from '../scripts/free-port';
import { removeDataDir } from '../scripts/remove-data-dir.mjs';

declare global {
  var __OFS_TEST_PG__: { pg: EmbeddedPostgres; scratchDir?: string } | undefined;
}

interface GlobalConfig {
  selectProjects?: string[];
}

export default async function globalSetup(globalConfig: GlobalConfig): Promise<void> {
  const testDir = path.resolve(__dirname, '..', '.data', 'test');
  process.env.OFS_TEST_PKI_DIR = path.join(testDir, 'pki');
  await ensureStandardSandboxPki(process.env.OFS_TEST_PKI_DIR);

  const unitOnly = globalConfig.selectProjects?.length === 1 && globalConfig.selectProjects[0] === 'unit';
  if (process.env.DATABASE_URL || unitOnly) return;
  // The cluster under .data/test is reused from run to run; a second run at the same time (another
  // terminal, an editor's test runner) gets a scratch cluster of its own, removed afterwards.
  let pg: EmbeddedPostgres;
  let scratchDir: string | undefined;
  try {
    pg = await startEmbeddedPostgres({ dataDir: testDir, port: await freePort() });
  } catch (e) {
    if (!/already running/.test((e as Error).message)) throw e;
    scratchDir = `${testDir}-${process.pid}`;
    pg = await startEmbeddedPostgres({ dataDir: scratchDir, port: await freePort() });
  }
  globalThis.__OFS_TEST_PG__ = { pg, scratchDir };
  process.env.DATABASE_URL = pg.url;
}

export function removeScratch(dir: string | undefined): void {
  if (dir) removeDataDir(dir);
}
