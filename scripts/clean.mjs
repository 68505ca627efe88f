#!/usr/bin/env node
// Removes all local state: the data folder (embedded database, certificates, logs) and the build output.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeDataDir } from './remove-data-dir.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = resolve(root, process.env.SANDBOX_DATA_DIR || '.data');
const lock = join(dataDir, 'sandbox.lock');

if (existsSync(lock)) {
  const pid = lockPid(lock);
  let alive = false;
  try {
    if (pid > 0) alive = process.kill(pid, 0);
  } catch (e) {
    alive = e.code === 'EPERM';
  }
  if (alive) {
    process.stderr.write(`the sandbox is running on ${dataDir} (pid ${pid}); stop it (Ctrl-C) before cleaning\n`);
    process.exit(1);
  }
}
removeDataDir(dataDir);
rmSync(join(root, 'dist'), { recursive: true, force: true });
process.stdout.write(`removed ${dataDir} and dist/\n`);

function lockPid(file) {
  try {
    return Number(JSON.parse(readFileSync(file, 'utf8')).pid) || 0;
  } catch {
    return 0;
  }
}
