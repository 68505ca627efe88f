import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from '../../scripts/free-port';
import { removeDataDir } from '../../scripts/remove-data-dir.mjs';

export { freePort };

/** Runs the built sandbox (`dist/scripts/start.js`) the way `npm start` does, for tests that need the real thing. */

export const ROOT = path.resolve(__dirname, '..', '..');
const START_JS = path.join(ROOT, 'dist', 'scripts', 'start.js');

export const PORT_SETTINGS = [
  'AUTH_SERVER_PORT',
  'AUTH_SERVER_MTLS_PORT',
  'FINANCROO_PORT',
  'GO_BANK_PORT',
  'GO_BANK_CONSENT_PORT',
  'HYPERSCALE_BANK_PORT',
  'HYPERSCALE_BANK_CONSENT_PORT',
  'CONSENT_ADMIN_PORT',
  'CONSENT_PORTAL_PORT',
  'SANDBOX_PG_PORT',
] as const;
export type PortSetting = (typeof PORT_SETTINGS)[number];

export interface SandboxProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function buildIfNeeded(): void {
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--if-needed'], { cwd: ROOT });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr.toString()}`);
}

/** Free ports for every listener and the embedded database, so a developer's running sandbox is left alone. */
export async function freePorts(): Promise<Record<PortSetting, number>> {
  const ports = {} as Record<PortSetting, number>;
  for (const name of PORT_SETTINGS) ports[name] = await freePort();
  return ports;
}

/** The environment of a scratch sandbox: its own data folder, free ports, the embedded database. */
export function sandboxEnv(dataDir: string, ports: Record<PortSetting, number>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SANDBOX_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  for (const name of PORT_SETTINGS) env[name] = String(ports[name]);
  return env;
}

export function startSandbox(env: NodeJS.ProcessEnv, apps: string[] = []): SandboxProcess {
  const child = spawn(process.execPath, [START_JS, ...apps], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export async function waitForOutput(started: SandboxProcess, text: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!started.output().includes(text)) {
    if (started.child.exitCode !== null) throw new Error(`exited ${started.child.exitCode}:\n${started.output()}`);
    if (Date.now() > deadline) throw new Error(`no "${text}" within ${timeoutMs} ms:\n${started.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A sandbox of the test's own: a scratch data folder, free ports, the apps started as `npm start` starts them. */
export interface ScratchSandbox extends SandboxProcess {
  dataDir: string;
  pkiDir: string;
  ports: Record<PortSetting, number>;
  /**
   * Ctrl-C, then the data folder is removed — unless KEEP_DATA is set (its path is printed), and with
   * SANDBOX_TEST_LOGS=<folder> what the sandbox printed (`sandbox.out`) and its apps' logs are copied there first,
   * for a run that needs explaining.
   */
  stop(): Promise<void>;
}

/** Builds if needed, starts the sandbox (every app, or `apps`) and waits for its "is up" banner. */
export async function startScratchSandbox(
  name: string,
  options: { apps?: string[]; upTimeoutMs?: number } = {},
): Promise<ScratchSandbox> {
  buildIfNeeded();
  const dataDir = mkdtempSync(path.join(tmpdir(), `ofs-${name}-`));
  const ports = await freePorts();
  const started = startSandbox(sandboxEnv(dataDir, ports), options.apps);
  const stop = async (): Promise<void> => {
    if (started.child.exitCode === null && started.child.signalCode === null) started.child.kill('SIGINT');
    await started.exited;
    const logs = process.env.SANDBOX_TEST_LOGS;
    if (logs) {
      mkdirSync(logs, { recursive: true });
      writeFileSync(path.join(logs, 'sandbox.out'), started.output());
      if (existsSync(path.join(dataDir, 'logs'))) cpSync(path.join(dataDir, 'logs'), logs, { recursive: true });
    }
    if (process.env.KEEP_DATA) console.log(dataDir);
    else removeDataDir(dataDir);
  };
  try {
    await waitForOutput(started, 'Open Finance Sandbox is up', options.upTimeoutMs);
  } catch (e) {
    await stop();
    throw e;
  }
  return { ...started, dataDir, pkiDir: path.join(dataDir, 'pki'), ports, stop };
}
