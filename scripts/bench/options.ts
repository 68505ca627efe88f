/** What `npm run bench` measures and against what; every flag has an environment variable too. */
export interface BenchOptions {
  /** Measured seconds per benchmark (after the warm-up). */
  seconds: number;
  warmupSeconds: number;
  concurrency: number;
  /** An already running server (`https://localhost:8443`); without it the bench starts its own. */
  url?: string;
  /** `tenant/server` of the issuer under test. */
  server: string;
  only: BenchmarkName[];
  /** Folder for V8 CPU profiles of the spawned sandbox (`--cpu-prof`). */
  profileDir?: string;
  /** consent-admin of a running sandbox (with `url`); default `https://<url host>:8084`. */
  consentUrl?: string;
  /** The banks' data APIs of a running sandbox (with `url`); default `https://<url host>:8070` and `:7070`. */
  goBankUrl?: string;
  hyperscaleUrl?: string;
  /** Financroo of a running sandbox (with `url`); default `https://<url host>:8091`. */
  financrooUrl?: string;
}

export const BENCHMARKS = [
  'client-credentials',
  'par',
  'introspection',
  'flow',
  'consent-read',
  'consent-create',
  'gobank-read',
  'hyperscale-read',
  'hyperscale-read-mtls',
  'financroo-connect',
  'financroo-dashboard',
] as const;
/** The benchmarks of consent-admin's consent storage API (the bench then starts consent-admin too). */
export const CONSENT_BENCHMARKS: readonly BenchmarkName[] = ['consent-read', 'consent-create'];
export type BenchmarkName = (typeof BENCHMARKS)[number];
/** The banks' data API reads (the bench then starts the banks too), and the bank each one reads from. */
/** Financroo's journeys (the bench then starts the whole sandbox: Financroo, both banks, consent-admin). */
export const FINANCROO_BENCHMARKS: readonly BenchmarkName[] = ['financroo-connect', 'financroo-dashboard'];
export const BANK_BENCHMARKS: Partial<Record<BenchmarkName, 'gobank' | 'hyperscalebank'>> = {
  'gobank-read': 'gobank',
  'hyperscale-read': 'hyperscalebank',
  'hyperscale-read-mtls': 'hyperscalebank',
};

export const USAGE = `npm run bench [-- options]

Starts the authorization server as \`npm start auth-server\` runs it (compiled, embedded PostgreSQL in a scratch
data folder, HTTPS with the sandbox CA, free ports), with consent-admin and the banks when the benchmarks chosen
need them, registers two clients through dynamic registration and measures it at N concurrent clients. Exits 1
if any request failed.

  --seconds N       measured seconds per benchmark (BENCH_SECONDS, default 10)
  --warmup N        warm-up seconds before each (BENCH_WARMUP, default 2)
  --concurrency N   concurrent clients (BENCH_CONCURRENCY, default 32)
  --url URL         bench a running server instead, e.g. https://localhost:8443 (BENCH_TARGET); its CA is taken
                    from NODE_EXTRA_CA_CERTS or <SANDBOX_DATA_DIR>/pki/ca.pem
  --server T/S      tenant/server of the issuer (BENCH_SERVER, default obgeneric/gobank)
  --only A,B        some of ${BENCHMARKS.join(', ')} (BENCH_ONLY)
  --profile DIR     write V8 CPU profiles of the started server to DIR (BENCH_PROFILE_DIR)
  --consent-url URL consent-admin of a running sandbox, with --url (BENCH_CONSENT_URL, default https://<host>:8084)
  --gobank-url URL  Go Bank's data API of a running sandbox, with --url (BENCH_GOBANK_URL, default https://<host>:8070)
  --hyperscale-url URL
                    Hyperscale Bank's data API of a running sandbox, with --url (BENCH_HYPERSCALE_URL, default
                    https://<host>:7070)
  --financroo-url URL
                    Financroo of a running sandbox, with --url (BENCH_FINANCROO_URL, default https://<host>:8091)

consent-read and consent-create call Go Bank's consent storage (consent-admin, started with the auth-server when
they are chosen) as Go Bank does: client gobank-bank, a token bound to the go-bank certificate of the sandbox PKI.

gobank-read, hyperscale-read and hyperscale-read-mtls call GET /banking/accounts of a bank's data API (the banks,
and consent-admin for Go Bank, are started with the auth-server when they are chosen) as a TPP does: one client
registered by RFC 7591 per benchmark, and per concurrent client a consent given on the bank's own consent page
(PAR, login, "I Agree" to every account) and its token, DPoP-bound (a new proof on every read) or, for
hyperscale-read-mtls, bound to the financroo certificate of the sandbox PKI (tls_client_auth, RFC 8705). The
bank's Server-Timing header says where each read's time went (introspection, proof, consent, query).

financroo-connect and financroo-dashboard use Financroo as its users do, through its own pages (the whole sandbox
is started when they are chosen): a journey signs in as test, connects Go Bank or Hyperscale Bank (in turn):
Financroo's PAR, the bank server's login, the bank's own consent page ("I Agree" to every account), the JARM
callback and code exchange, and the dashboard showing the bank; a dashboard load reads both connected banks' data
APIs live. The steps' times say where a journey's time goes. Every journey signs in as Financroo's one demo user,
so concurrent journeys replace each other's connection to a bank (as a second tab would): a journey's dashboard may
already show its bank asking to reconnect, which counts as done.

The started server honours DATABASE_URL (then its schema auth_server in that database is used), LOG_LEVEL,
AUTH_SERVER_PORT, AUTH_SERVER_MTLS_PORT and SANDBOX_PG_PORT.`;

export class UsageError extends Error {}

function positiveNumber(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} must be a positive number, not "${value}"`);
  return n;
}

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions | 'help' {
  const values: Record<string, string | undefined> = {
    seconds: env.BENCH_SECONDS,
    warmup: env.BENCH_WARMUP,
    concurrency: env.BENCH_CONCURRENCY,
    url: env.BENCH_TARGET,
    server: env.BENCH_SERVER,
    only: env.BENCH_ONLY,
    profile: env.BENCH_PROFILE_DIR,
    'consent-url': env.BENCH_CONSENT_URL,
    'gobank-url': env.BENCH_GOBANK_URL,
    'hyperscale-url': env.BENCH_HYPERSCALE_URL,
    'financroo-url': env.BENCH_FINANCROO_URL,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match || !(match[1]! in values)) throw new UsageError(`unknown argument ${arg}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new UsageError(`${arg} needs a value`);
    values[match[1]!] = value;
  }
  const only = (values.only ?? BENCHMARKS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = only.filter((name) => !(BENCHMARKS as readonly string[]).includes(name));
  if (unknown.length)
    throw new UsageError(`unknown benchmark ${unknown.join(', ')}; choose from ${BENCHMARKS.join(', ')}`);
  const server = values.server ?? 'obgeneric/gobank';
  if (!/^[\w-]+\/[\w-]+$/.test(server)) throw new UsageError(`--server must be tenant/server, not "${server}"`);
  const concurrency = positiveNumber('--concurrency', values.concurrency ?? '32');
  if (!Number.isInteger(concurrency)) throw new UsageError('--concurrency must be a whole number');
  let url = values.url;
  if (url !== undefined) {
    try {
      url = new URL(url).origin;
    } catch {
      throw new UsageError(`--url must be a URL like https://localhost:8443, not "${url}"`);
    }
  }
  const originOf = (flag: string, example: string): string | undefined => {
    const value = values[flag];
    if (value === undefined) return undefined;
    try {
      return new URL(value).origin;
    } catch {
      throw new UsageError(`--${flag} must be a URL like ${example}, not "${value}"`);
    }
  };
  const consentUrl = originOf('consent-url', 'https://localhost:8084');
  return {
    seconds: positiveNumber('--seconds', values.seconds ?? '10'),
    warmupSeconds: values.warmup === '0' ? 0 : positiveNumber('--warmup', values.warmup ?? '2'),
    concurrency,
    url,
    server,
    only: only as BenchmarkName[],
    profileDir: values.profile,
    consentUrl,
    goBankUrl: originOf('gobank-url', 'https://localhost:8070'),
    hyperscaleUrl: originOf('hyperscale-url', 'https://localhost:7070'),
    financrooUrl: originOf('financroo-url', 'https://localhost:8091'),
  };
}
