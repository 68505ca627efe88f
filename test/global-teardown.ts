import { removeScratch } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const run = globalThis.__OFS_TEST_PG__;
  if (!run) return;
  await run.pg.stop();
  removeScratch(run.scratchDir);
}
