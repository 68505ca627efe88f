import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { workersStarted } from '../cluster-workers';
import { freePort } from '../free-port';

const UP_LINE = 'Open Finance Sandbox is up';
const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 30_000;

/** The banks the bench can start (their data API and consent page; Go Bank needs consent-admin too). */
export type SandboxBank = 'go-bank' | 'hyperscale-bank';

const BANK_PORTS: Record<SandboxBank, { api: string; consentPage: string }> = {
  'go-bank': { api: 'GO_BANK_PORT', consentPage: 'GO_BANK_CONSENT_PORT' },
  'hyperscale-bank': { api: 'HYPERSCALE_BANK_PORT', consentPage: 'HYPERSCALE_BANK_CONSENT_PORT' },
};

/** The auth-server started by the bench, as `npm start auth-server` runs it. */
export interface StartedSandbox {
  baseUrl: string;
  /** consent-admin's admin listener, when it was started. */
  consentAdminUrl?: string;
  /** Financroo's web UI, when it was started. */
  financrooUrl?: string;
  /** The data APIs of the banks that were started (`https://localhost:<port>`). */
  bankApiUrls: Partial<Record<SandboxBank, string>>;
  caPem: string;
  /** pid of `start.js` (the app and PostgreSQL are its descendants). */
  pid: number;
  dataDir: string;
  /** The server's log lines at level error or worse (JSON), for a failed run (the data folder goes on stop). */
  loggedErrors(): string[];
  stop(): Promise<void>;
}

/**
 * Spawns `node dist/scripts/start.js auth-server` with a scratch data folder (fresh certificates, a fresh
 * embedded PostgreSQL unless DATABASE_URL is set) on free ports (or AUTH_SERVER_PORT, AUTH_SERVER_MTLS_PORT,
 * SANDBOX_PG_PORT when set), and waits for its "is up" line.
 */
export async function startSandbox(options: {
  startScript: string;
  profileDir?: string;
  say: (line: string) => void;
  /** Receives the stop function as soon as the process is spawned (for a Ctrl-C during the start). */
  onSpawn?: (stop: () => Promise<void>) => void;
  /** Start consent-admin too (CONSENT_ADMIN_PORT, CONSENT_PORTAL_PORT free, or as set). */
  withConsentAdmin?: boolean;
  /** Start these banks too (their ports free, or as set; the auth-server's consent_page_url follows them). */
  banks?: readonly SandboxBank[];
  /** Start Financroo too (FINANCROO_PORT free, or as set); it needs both banks, which are then started. */
  withFinancroo?: boolean;
}): Promise<StartedSandbox> {
  // Several free ports in a row: never the same one twice.
  const taken = new Set<number>();
  const unusedPort = async (): Promise<number> => {
    for (;;) {
      const port = await freePort();
      if (!taken.has(port)) return (taken.add(port), port);
    }
  };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ofs-bench-'));
  // mkdtemp makes it 0700; as root, PostgreSQL (the postgres user) could not enter it and its cluster would live
  // outside (/var/lib/ofs-sandbox), beyond the reach of the clean-up below.
  chmodSync(dataDir, 0o755);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SANDBOX_DATA_DIR: dataDir,
    AUTH_SERVER_PORT: process.env.AUTH_SERVER_PORT ?? String(await unusedPort()),
    AUTH_SERVER_MTLS_PORT: process.env.AUTH_SERVER_MTLS_PORT ?? String(await unusedPort()),
    SANDBOX_PG_PORT: process.env.SANDBOX_PG_PORT ?? String(await unusedPort()),
  };
  const apps = ['auth-server'];
  const banks: readonly SandboxBank[] = options.withFinancroo ? ['go-bank', 'hyperscale-bank'] : (options.banks ?? []);
  if (options.withConsentAdmin || banks.includes('go-bank')) {
    apps.push('consent-admin');
    env.CONSENT_ADMIN_PORT = process.env.CONSENT_ADMIN_PORT ?? String(await unusedPort());
    env.CONSENT_PORTAL_PORT = process.env.CONSENT_PORTAL_PORT ?? String(await unusedPort());
  }
  for (const bank of banks) {
    apps.push(bank);
    for (const name of Object.values(BANK_PORTS[bank])) env[name] = process.env[name] ?? String(await unusedPort());
  }
  if (options.withFinancroo) {
    apps.push('financroo');
    env.FINANCROO_PORT = process.env.FINANCROO_PORT ?? String(await unusedPort());
  }
  if (options.profileDir) {
    // Node.js refuses --cpu-prof in NODE_OPTIONS: a preloaded module records the profile instead.
    env.BENCH_CPU_PROFILE_DIR = path.resolve(options.profileDir);
    mkdirSync(env.BENCH_CPU_PROFILE_DIR, { recursive: true });
    const preload = JSON.stringify(path.join(__dirname, 'cpu-profile.js'));
    env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --require ${preload}`.trim();
  }
  const database = env.DATABASE_URL ? 'DATABASE_URL' : `embedded PostgreSQL on port ${env.SANDBOX_PG_PORT}`;
  options.say(`starting ${apps.join(' and ')} (port ${env.AUTH_SERVER_PORT}, ${database}, data in ${dataDir})…`);

  const child = spawn(process.execPath, [options.startScript, ...apps], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  const cleanUp = (): void => rmSync(dataDir, { recursive: true, force: true });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    cleanUp();
  };
  options.onSpawn?.(stop);

  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the sandbox did not start in ${START_TIMEOUT_MS / 1000} s`)),
        START_TIMEOUT_MS,
      );
      const onData = (chunk: Buffer): void => {
        output = (output + chunk.toString('utf8')).slice(-8000);
        if (output.includes(UP_LINE)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`start.js exited (code ${code}) before the sandbox was up`));
      });
    });
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}; its output:\n${output.trim()}`, { cause: e });
  }
  // From now on only its error lines are shown (start.js passes the app's errors to its stderr).
  child.stdout.removeAllListeners('data');
  child.stderr.removeAllListeners('data');
  child.stdout.resume();
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(`sandbox: ${chunk.toString('utf8')}`));
  await allWorkersListening(apps, path.join(dataDir, 'logs'), options.say);
  const host = process.env.SANDBOX_PUBLIC_HOST ?? 'localhost';
  return {
    baseUrl: `https://${host}:${env.AUTH_SERVER_PORT}`,
    consentAdminUrl: apps.includes('consent-admin') ? `https://${host}:${env.CONSENT_ADMIN_PORT}` : undefined,
    financrooUrl: options.withFinancroo ? `https://${host}:${env.FINANCROO_PORT}` : undefined,
    bankApiUrls: Object.fromEntries(banks.map((bank) => [bank, `https://${host}:${env[BANK_PORTS[bank].api]}`])),
    caPem: readFileSync(path.join(dataDir, 'pki', 'ca.pem'), 'utf8'),
    pid: child.pid!,
    dataDir,
    loggedErrors: () => {
      return apps.flatMap((app) => {
        const log = path.join(dataDir, 'logs', `${app}.log`);
        if (!existsSync(log)) return [];
        return readFileSync(log, 'utf8')
          .split('\n')
          .filter((line) => /^\{.*"level":(5\d|6\d)[,}]/.test(line));
      });
    },
    stop,
  };
}

/**
 * Names each clustered app's worker processes (start.js prints "is up" once they all run: the bench's keep-alive
 * connections are spread over the workers when they are opened).
 */
async function allWorkersListening(
  apps: readonly string[],
  logsDir: string,
  say: (line: string) => void,
): Promise<void> {
  for (const app of apps) {
    // A clustered app's primary has logged it (a single-process app logs no such line).
    const line = await workersStarted(path.join(logsDir, `${app}.log`), 0, 0);
    if (line) say(`${app}: ${line}`);
  }
}
