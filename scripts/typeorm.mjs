#!/usr/bin/env node
// TypeORM CLI for one app: `npm run migration:generate -- auth-server AddClients`,
// `npm run migration:run -- auth-server`, `npm run migration:revert -- auth-server`.
// Builds first (swc), then runs typeorm against dist/ormconfig.js with SANDBOX_APP set.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const [command, app, name] = process.argv.slice(2);
if (!command || !app || (command === 'migration:generate' && !name)) {
  process.stderr.write(
    'usage: node scripts/typeorm.mjs migration:generate|migration:run|migration:revert <app> [Name]\n',
  );
  process.exit(2);
}
const run = (cmd, args, env = process.env) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run(process.execPath, [join(root, 'scripts', 'build.mjs'), '--if-needed']);
const args = [join(root, 'node_modules', 'typeorm', 'cli.js'), command, '-d', join(root, 'dist', 'ormconfig.js')];
if (command === 'migration:generate') args.push('--pretty', join('apps', app, 'src', 'database', 'migrations', name));
run(process.execPath, args, { ...process.env, SANDBOX_APP: app });
