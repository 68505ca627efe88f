#!/usr/bin/env node
// Compiles apps/, libs/ and scripts/ to dist/ with swc (path aliases rewritten, tests left out).
// `--if-needed` skips the build when nothing under those folders changed since the last one; `--keep` compiles over
// the previous build instead of clearing dist/ first (what `npm run dev` does while the apps run from dist/).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = join(root, 'dist', '.build-stamp');
const sources = ['apps', 'libs', 'scripts', 'ormconfig.ts', '.swcrc', 'package-lock.json'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

if (process.argv.includes('--if-needed') && existsSync(stamp)) {
  const built = statSync(stamp).mtimeMs;
  if (sources.every((s) => newestMtime(join(root, s)) <= built)) process.exit(0);
}

if (!process.argv.includes('--keep')) rmSync(join(root, 'dist'), { recursive: true, force: true });
const swc = join(root, 'node_modules', '.bin', 'swc');
const ignore = '**/*.spec.ts,**/*.int-spec.ts,**/*.e2e-spec.ts,**/*.mjs,**/*.d.mts';
const result = spawnSync(
  swc,
  ['apps', 'libs', 'scripts', 'ormconfig.ts', '-d', 'dist', '--copy-files', '--quiet', '--ignore', ignore],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (result.status !== 0) {
  process.stderr.write('build failed\n');
  process.exit(result.status ?? 1);
}
mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(stamp, new Date().toISOString());
