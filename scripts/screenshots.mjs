#!/usr/bin/env node
// `npm run screenshots`: refreshes the README's screenshots (docs/screenshots/*.png). It runs the README tour
// (test/browser-tour.e2e-spec.ts: the whole sandbox in headless Chromium, every quoted text checked) with
// SCREENSHOTS_DIR set, so the images are always of the apps as they are, then lists the files and their sizes.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'docs', 'screenshots');
// Taken into a scratch folder first: docs/screenshots/ changes only when the whole tour passed.
const scratch = mkdtempSync(path.join(tmpdir(), 'ofs-screenshots-'));

const run = spawnSync(
  process.execPath,
  [
    path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
    '--selectProjects',
    'e2e',
    '--runTestsByPath',
    path.join('test', 'browser-tour.e2e-spec.ts'),
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, SCREENSHOTS_DIR: scratch } },
);
if (run.status !== 0) {
  rmSync(scratch, { recursive: true, force: true });
  process.stderr.write('screenshots: the tour failed (see above); docs/screenshots/ is unchanged\n');
  process.exit(run.status ?? 1);
}
rmSync(dir, { recursive: true, force: true });
cpSync(scratch, dir, { recursive: true });
rmSync(scratch, { recursive: true, force: true });

let total = 0;
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.png'))
  .sort()) {
  const size = statSync(path.join(dir, file)).size;
  total += size;
  process.stdout.write(`  ${path.join('docs', 'screenshots', file)}  ${(size / 1024).toFixed(0)} KB\n`);
}
process.stdout.write(`screenshots: ${(total / 1024).toFixed(0)} KB in ${path.relative(root, dir)}\n`);
