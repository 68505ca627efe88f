import { existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rootCertificates } from 'node:tls';
import {
  prepareReaders,
  readAccounts,
  tppCertificate,
  type BankReader,
  type BankTarget,
  type Binding,
} from './bench/bank-reads';
import { expectJson, expectStatus } from './bench/bench-error';
import { completeFlow } from './bench/browser-flow';
import { connectBank, loadDashboard, signIn, type FinancrooBank } from './bench/financroo-journeys';
import { createConsent, goBankConsentToken, readConsent, type ConsentTarget } from './bench/consent-operations';
import { DpopSession } from './bench/dpop-session';
import { HttpClient } from './bench/http-client';
import { runLoad, timed, type LoadOptions } from './bench/load-runner';
import {
  clientCredentialsGrant,
  introspect,
  pushAuthorizationRequest,
  type DpopWorker,
  type Target,
} from './bench/operations';
import {
  BANK_BENCHMARKS,
  CONSENT_BENCHMARKS,
  FINANCROO_BENCHMARKS,
  parseOptions,
  USAGE,
  UsageError,
  type BenchmarkName,
  type BenchOptions,
} from './bench/options';
import { sandboxCpu } from './bench/process-cpu';
import { CLIENT_PROFILES, registerClient, type BenchClient } from './bench/registration';
import { renderReport, type BenchmarkRun } from './bench/report';
import { startSandbox, type SandboxBank, type StartedSandbox } from './bench/sandbox-process';

/*
 * `npm run bench`: throughput and latency of the authorization server as `npm start` runs it (compiled,
 * HTTPS, PostgreSQL): client-credentials grants, PARs, introspections and complete PAR → login → consent →
 * token flows, Go Bank's consent storage in consent-admin (reads by id, creations), and the banks' data APIs
 * (`GET /banking/accounts` with a real consent's token), each at 32 concurrent clients. Prints a markdown table;
 * exits 1 if any request failed.
 */

const say = (line: string): void => void process.stderr.write(`bench: ${line}\n`);

/** How many tokens the introspection benchmark cycles through. */
const INTROSPECTED_TOKENS = 128;
/** How many consents the read benchmark cycles through. */
const READ_CONSENTS = 128;

const LABELS: Record<BenchmarkName, string> = {
  'client-credentials': 'client-credentials grants',
  par: 'pushed authorization requests',
  introspection: 'introspections',
  flow: 'complete flows (PAR → login → consent → token)',
  'consent-read': 'consent reads by id (consent-admin)',
  'consent-create': 'consent creations (consent-admin)',
  'gobank-read': 'Go Bank reads (GET /banking/accounts, DPoP)',
  'hyperscale-read': 'Hyperscale Bank reads (GET /banking/accounts, DPoP)',
  'hyperscale-read-mtls': 'Hyperscale Bank reads (GET /banking/accounts, certificate-bound)',
  'financroo-connect': 'Financroo connect journeys (sign-in → bank login → consent page → callback → dashboard)',
  'financroo-dashboard': 'Financroo dashboard loads (both banks connected, read live)',
};

/** One bank benchmark's bank and its readers (a consent and a token per concurrent client). */
interface BankBench {
  bank: BankTarget;
  readers: BankReader[];
  /** The HTTP client the readers use (for the request count). */
  http: HttpClient;
}

const SANDBOX_BANK: Record<BankTarget['id'], SandboxBank> = { gobank: 'go-bank', hyperscalebank: 'hyperscale-bank' };

/** The readers of every bank benchmark chosen, made before any benchmark runs (their tokens live 10 minutes). */
async function prepareBankBenches(input: {
  options: BenchOptions;
  base: string;
  ca: string[];
  http: HttpClient;
  dataDir: string;
  sandbox: StartedSandbox | undefined;
  closers: Array<() => void>;
}): Promise<Map<BenchmarkName, BankBench>> {
  const { options, base, http } = input;
  const benches = new Map<BenchmarkName, BankBench>();
  let mtlsHttp: HttpClient | undefined;
  for (const name of options.only) {
    const id = BANK_BENCHMARKS[name];
    if (!id) continue;
    const host = new URL(base).hostname;
    const apiUrl =
      input.sandbox?.bankApiUrls[SANDBOX_BANK[id]] ??
      (id === 'gobank'
        ? (options.goBankUrl ?? `https://${host}:8070`)
        : (options.hyperscaleUrl ?? `https://${host}:7070`));
    const bank: BankTarget = { id, issuer: `${base}/obgeneric/${id}`, apiUrl };
    const binding: Binding = name.endsWith('-mtls') ? 'mtls' : 'dpop';
    const certificate = binding === 'mtls' ? tppCertificate(input.dataDir) : undefined;
    if (certificate && !mtlsHttp) {
      mtlsHttp = new HttpClient({ ca: input.ca, maxSockets: options.concurrency, ...certificate });
      input.closers.push(() => mtlsHttp!.close());
    }
    say(`${LABELS[name]}: ${options.concurrency} consents on ${id}'s consent page and their tokens…`);
    const readers = await prepareReaders({
      bank,
      binding,
      count: options.concurrency,
      http,
      mtlsHttp,
      certificatePem: certificate?.cert,
    });
    benches.set(name, { bank, readers, http: binding === 'mtls' ? mtlsHttp! : http });
  }
  return benches;
}

/** CAs for a server the bench did not start: the usual roots, NODE_EXTRA_CA_CERTS and the sandbox's CA. */
function caOfRunningSandbox(): string[] {
  const files = [
    process.env.NODE_EXTRA_CA_CERTS,
    path.resolve(process.env.SANDBOX_DATA_DIR ?? '.data', 'pki', 'ca.pem'),
  ].filter((file): file is string => file !== undefined && existsSync(file));
  return [...rootCertificates, ...files.map((file) => readFileSync(file, 'utf8'))];
}

interface Discovered {
  issuer: string;
  /** RFC 8705 §5 alias of the token endpoint. */
  mtlsTokenEndpoint?: string;
}

async function discover(http: HttpClient, base: string, server: string): Promise<Discovered> {
  const url = `${base}/${server}/.well-known/openid-configuration`;
  const response = await http.send({ method: 'GET', url });
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: is this the auth-server?`);
  const config = JSON.parse(response.body) as {
    issuer: string;
    mtls_endpoint_aliases?: { token_endpoint?: string };
  };
  return { issuer: config.issuer, mtlsTokenEndpoint: config.mtls_endpoint_aliases?.token_endpoint };
}

/** Go Bank's side of the consent benchmarks: its certificate (from the sandbox PKI) and a token bound to it. */
async function consentTarget(
  ca: string[],
  options: BenchOptions,
  discovered: Discovered,
  dataDir: string,
  consentAdminUrl: string,
): Promise<ConsentTarget> {
  const pki = path.join(dataDir, 'pki', 'go-bank');
  const http = new HttpClient({
    ca,
    maxSockets: options.concurrency,
    cert: readFileSync(path.join(pki, 'client.pem'), 'utf8'),
    key: readFileSync(path.join(pki, 'client-key.pem'), 'utf8'),
  });
  if (!discovered.mtlsTokenEndpoint) throw new Error('the server advertises no mtls_endpoint_aliases.token_endpoint');
  return { http, consentAdminUrl, token: await goBankConsentToken(http, discovered.mtlsTokenEndpoint) };
}

/**
 * While the flow benchmark runs, the server's own consent page stands in for the bank's (the operator's setting,
 * through the admin API with the sandbox-admin certificate): the flow measures the server alone. The returned
 * function puts the bank's page back (the Financroo journeys and the bank reads go through it).
 */
async function useBuiltInConsentPage(
  ca: string[],
  discovered: Discovered,
  dataDir: string,
  tenantServer: string,
): Promise<() => Promise<void>> {
  const [tenant, server] = tenantServer.split('/') as [string, string];
  const pki = path.join(dataDir, 'pki', 'sandbox-admin');
  const http = new HttpClient({
    ca,
    maxSockets: 1,
    cert: readFileSync(path.join(pki, 'client.pem'), 'utf8'),
    key: readFileSync(path.join(pki, 'client-key.pem'), 'utf8'),
  });
  const settings = async (consentPageUrl: string | null): Promise<string | null> => {
    if (!discovered.mtlsTokenEndpoint) throw new Error('the server advertises no mtls_endpoint_aliases.token_endpoint');
    const token = expectJson(
      'token (sandbox operator, mTLS)',
      await http.send({
        method: 'POST',
        url: discovered.mtlsTokenEndpoint,
        form: { grant_type: 'client_credentials', client_id: `${server}-admin` },
      }),
      200,
      ['access_token'],
    ).access_token;
    const url = new URL(`/api/admin/${tenant}/servers/${server}`, discovered.mtlsTokenEndpoint).href;
    const headers = { authorization: `Bearer ${token}` };
    const before = JSON.parse(
      expectStatus('server settings', await http.send({ method: 'GET', url, headers }), 200).body,
    ) as { settings?: { consent_page_url?: string | null } };
    expectStatus(
      'consent page setting',
      await http.send({ method: 'PATCH', url, headers, json: { consent_page_url: consentPageUrl } }),
      200,
    );
    return before.settings?.consent_page_url ?? null;
  };
  try {
    const previous = await settings(null);
    return async () => {
      try {
        await settings(previous);
      } finally {
        http.close();
      }
    };
  } catch (e) {
    http.close();
    throw e;
  }
}

async function benchmark(
  name: BenchmarkName,
  target: Target,
  clients: { tpp: BenchClient; bank: BenchClient },
  common: Omit<LoadOptions<DpopWorker>, 'makeWorker' | 'operation'>,
  consent: ConsentTarget | undefined,
  banks: Map<BenchmarkName, BankBench>,
  financrooUrl: string | undefined,
): Promise<BenchmarkRun> {
  const makeWorker = (): DpopWorker => ({ dpop: new DpopSession(target.http) });
  say(`${LABELS[name]}: ${common.warmupMs / 1000} s warm-up + ${common.durationMs / 1000} s…`);
  let result;
  switch (name) {
    case 'client-credentials':
      result = await runLoad({
        ...common,
        makeWorker,
        operation: async (worker) => void (await clientCredentialsGrant(target, clients.tpp, worker)),
      });
      break;
    case 'par':
      result = await runLoad({
        ...common,
        makeWorker,
        operation: async (worker) => void (await pushAuthorizationRequest(target, clients.tpp, worker)),
      });
      break;
    case 'introspection': {
      // A resource server introspecting tokens: the bank's client, its own tokens (open registration cannot
      // grant the introspect_tokens system scope needed for other clients' tokens).
      const issuing = makeWorker();
      const tokens: string[] = [];
      for (let i = 0; i < INTROSPECTED_TOKENS; i++)
        tokens.push(await clientCredentialsGrant(target, clients.bank, issuing));
      let next = 0;
      result = await runLoad({
        ...common,
        makeWorker: () => undefined,
        operation: () => introspect(target, clients.bank, tokens[next++ % tokens.length]!),
      });
      break;
    }
    case 'flow':
      result = await runLoad({
        ...common,
        makeWorker,
        operation: (worker, step) => completeFlow(target, clients.tpp, worker, step),
      });
      break;
    case 'consent-read': {
      const c = consent!;
      const ids: string[] = [];
      for (let i = 0; i < READ_CONSENTS; i++) ids.push(await createConsent(c));
      let next = 0;
      result = await runLoad({
        ...common,
        traffic: () => ({ requests: c.http.sent, connections: c.http.connections }),
        makeWorker: () => undefined,
        operation: () => readConsent(c, ids[next++ % ids.length]!),
      });
      break;
    }
    case 'consent-create': {
      const c = consent!;
      result = await runLoad({
        ...common,
        traffic: () => ({ requests: c.http.sent, connections: c.http.connections }),
        makeWorker: () => undefined,
        operation: async () => void (await createConsent(c)),
      });
      break;
    }
    case 'financroo-connect': {
      // Worker i connects Go Bank or Hyperscale Bank in turn: both banks, both client kinds (DPoP and mTLS).
      const banksInTurn: FinancrooBank[] = ['gobank', 'hyperscalebank'];
      result = await runLoad({
        ...common,
        makeWorker: (index) => banksInTurn[index % banksInTurn.length]!,
        operation: async (bank, step) => {
          const session = await timed(step, 'financroo: sign-in', () => signIn(target.http, financrooUrl!));
          await connectBank(session, financrooUrl!, bank, step);
        },
      });
      break;
    }
    case 'financroo-dashboard': {
      // One signed-in user with both banks connected (not measured), then the dashboard, over and over.
      const session = await signIn(target.http, financrooUrl!);
      for (const bank of ['gobank', 'hyperscalebank'] as const)
        await connectBank(session, financrooUrl!, bank, () => {});
      result = await runLoad({
        ...common,
        makeWorker: () => undefined,
        operation: () => loadDashboard(session, `${financrooUrl!}/`, ['gobank', 'hyperscalebank']),
      });
      break;
    }
    case 'gobank-read':
    case 'hyperscale-read':
    case 'hyperscale-read-mtls': {
      const { bank, readers, http } = banks.get(name)!;
      result = await runLoad({
        ...common,
        traffic: () => ({ requests: http.sent, connections: http.connections }),
        makeWorker: (index) => readers[index]!,
        operation: (reader, step) => readAccounts(bank, reader, step),
      });
      break;
    }
  }
  return { name, label: LABELS[name], result };
}

async function run(options: BenchOptions): Promise<number> {
  const loadBefore = os.loadavg()[0]!;
  let stopSandbox: (() => Promise<void>) | undefined;
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping || !stopSandbox) return;
    stopping = true;
    say('stopping the sandbox…');
    await stopSandbox();
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(143)));

  let http: HttpClient | undefined;
  let consent: ConsentTarget | undefined;
  const closers: Array<() => void> = [];
  try {
    const withConsentAdmin = options.only.some((name) => CONSENT_BENCHMARKS.includes(name));
    const withFinancroo = options.only.some((name) => FINANCROO_BENCHMARKS.includes(name));
    const banks = [...new Set(options.only.flatMap((name) => BANK_BENCHMARKS[name] ?? []))].map(
      (id) => SANDBOX_BANK[id],
    );
    let base: string;
    let ca: string[];
    let sandbox: StartedSandbox | undefined;
    if (options.url) {
      base = options.url;
      ca = caOfRunningSandbox();
    } else {
      sandbox = await startSandbox({
        startScript: path.join(__dirname, 'start.js'),
        profileDir: options.profileDir,
        say,
        onSpawn: (stopIt) => (stopSandbox = stopIt),
        withConsentAdmin,
        banks,
        withFinancroo,
      });
      base = sandbox.baseUrl;
      ca = [...rootCertificates, sandbox.caPem];
    }
    http = new HttpClient({ ca, maxSockets: options.concurrency });
    const discovered = await discover(http, base, options.server);
    const issuer = discovered.issuer;
    const target: Target = { http, issuer };
    if (withConsentAdmin) {
      const consentAdminUrl =
        sandbox?.consentAdminUrl ?? options.consentUrl ?? `https://${new URL(base).hostname}:8084`;
      const dataDir = sandbox?.dataDir ?? path.resolve(process.env.SANDBOX_DATA_DIR ?? '.data');
      say(`Go Bank's token for the consent storage at ${consentAdminUrl}…`);
      consent = await consentTarget(ca, options, discovered, dataDir, consentAdminUrl);
    }
    // Before the built-in consent page stands in for Go Bank's: these consents are given on the banks' own pages.
    const bankBenches = await prepareBankBenches({
      options,
      base,
      ca,
      http,
      dataDir: sandbox?.dataDir ?? path.resolve(process.env.SANDBOX_DATA_DIR ?? '.data'),
      sandbox,
      closers,
    });
    say(`registering the bench's clients at ${issuer}…`);
    const clients = {
      tpp: await registerClient(http, issuer, CLIENT_PROFILES.tpp),
      bank: await registerClient(http, issuer, CLIENT_PROFILES.bank),
    };
    const pid = sandbox?.pid;
    const common = {
      concurrency: options.concurrency,
      warmupMs: options.warmupSeconds * 1000,
      durationMs: options.seconds * 1000,
      serverCpu: pid === undefined ? undefined : () => sandboxCpu(pid, !process.env.DATABASE_URL),
      traffic: () => ({ requests: http!.sent, connections: http!.connections }),
      onNewError: (message: string) => say(`error: ${message}`),
    };
    const financrooUrl = withFinancroo
      ? (sandbox?.financrooUrl ?? options.financrooUrl ?? `https://${new URL(base).hostname}:8091`)
      : undefined;
    const runs: BenchmarkRun[] = [];
    for (const name of options.only) {
      // A sandbox the bench starts: the flow measures the server with its own consent page (see above).
      const restore =
        name === 'flow' && sandbox
          ? await useBuiltInConsentPage(ca, discovered, sandbox.dataDir, options.server)
          : undefined;
      try {
        runs.push(await benchmark(name, target, clients, common, consent, bankBenches, financrooUrl));
      } finally {
        await restore?.();
      }
    }
    process.stdout.write(
      `${renderReport({
        runs,
        target: issuer,
        started: sandbox !== undefined,
        concurrency: options.concurrency,
        warmupSeconds: options.warmupSeconds,
        seconds: options.seconds,
        loadBefore,
      })}\n`,
    );
    const errors = runs.reduce((n, r) => n + r.result.errors.total, 0);
    if (errors) {
      say(`${errors} request(s) failed: see the errors above`);
      const logged = sandbox?.loggedErrors() ?? [];
      if (logged.length) say(`the server logged ${logged.length} error(s); the first ones:`);
      for (const line of logged.slice(0, 3)) say(line.slice(0, 3000));
    }
    return errors ? 1 : 0;
  } finally {
    http?.close();
    consent?.http.close();
    for (const close of closers) close();
    await stop();
  }
}

async function main(): Promise<void> {
  let options: BenchOptions | 'help';
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`bench: ${e.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  process.exitCode = await run(options);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
