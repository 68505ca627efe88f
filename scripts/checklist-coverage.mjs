#!/usr/bin/env node
// Which checks of the FAPI checklist (../shared/FAPI-CHECKLIST.md, or the path given) the tests cite by id.
// Usage: node scripts/checklist-coverage.mjs [path/to/FAPI-CHECKLIST.md]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const checklist = resolve(process.argv[2] ?? join(root, '..', 'shared', 'FAPI-CHECKLIST.md'));
const ids = [...new Set([...readFileSync(checklist, 'utf8').matchAll(/\*\*([A-Z]+-\d+[a-z]?)\*\*/g)].map((m) => m[1]))];
const prefixes = [...new Set(ids.map((id) => id.split('-')[0]))].join('|');
const cite = new RegExp(`\\b(?:${prefixes})-\\d+[a-z]?\\b`, 'g');

const cited = new Set();
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (/\.(spec|int-spec|e2e-spec)\.ts$/.test(name))
      for (const m of readFileSync(full, 'utf8').matchAll(cite)) cited.add(m[0]);
  }
};
for (const dir of ['apps', 'libs', 'test']) walk(join(root, dir));

const missing = ids.filter((id) => !cited.has(id));
process.stdout.write(`${ids.length - missing.length} of ${ids.length} checks are cited by tests\n`);
if (missing.length) process.stdout.write(`not cited yet: ${missing.join(' ')}\n`);
