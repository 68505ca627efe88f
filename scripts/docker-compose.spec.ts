import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

/*
 * docker/docker-compose.yml and docker/Dockerfile checked against the repository: the contract's ports, one image
 * for every app, entry points and settings that exist. Structural only, so it runs without Docker; `compose config`
 * runs too when a Compose binary is on PATH.
 */

const root = path.join(__dirname, '..');
const read = (file: string): string => fs.readFileSync(path.join(root, file), 'utf8');

/** The ports each app serves on, published unchanged on the host. */
const CONTRACT_PORTS: Record<string, number[]> = {
  'auth-server': [8443, 8444],
  financroo: [8091],
  'go-bank': [8070, 7080],
  'hyperscale-bank': [7070, 6080],
  'consent-admin': [8084, 8085],
};
const BUILD = { context: '..', dockerfile: 'docker/Dockerfile' };
const NODE_VARIABLES = ['NODE_EXTRA_CA_CERTS', 'NODE_ENV', 'NODE_OPTIONS'];

interface Service {
  image?: string;
  build?: { context?: string; dockerfile?: string } | string;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: Array<string | number | { target: number; published?: number | string; host_ip?: string }>;
  volumes?: Array<string | { type?: string; source?: string; target: string }>;
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
}
interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

/** The file as Compose reads it with no variable set on the host: `${NAME:-default}` gives its default. */
const interpolateDefaults = (text: string): string =>
  text.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}]*)\}/g, '$1').replace(/\$\$/g, '$');
const compose = parse(interpolateDefaults(read('docker/docker-compose.yml')), { merge: true }) as ComposeFile;
const services = compose.services;

const commandOf = (s: Service): string => (Array.isArray(s.command) ? s.command.join(' ') : (s.command ?? ''));
const appOf = (s: Service): string | undefined => /\bdist\/apps\/([a-z0-9-]+)\/src\/main\.js\b/.exec(commandOf(s))?.[1];
const appServices = Object.entries(services).filter(([, s]) => appOf(s) !== undefined);

function environmentOf(s: Service): Record<string, string> {
  const env = s.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((line) => [line.split('=')[0], line.slice(line.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

interface PublishedPort {
  hostIp: string;
  published: number;
  target: number;
}
function portsOf(s: Service): PublishedPort[] {
  return (s.ports ?? []).map((p) => {
    if (typeof p === 'object') return { hostIp: p.host_ip ?? '', published: Number(p.published), target: p.target };
    const parts = String(p)
      .replace(/\/tcp$/, '')
      .split(':');
    if (parts.length === 1) return { hostIp: '', published: NaN, target: Number(parts[0]) };
    const [target, published, hostIp = ''] = parts.reverse();
    return { hostIp, published: Number(published), target: Number(target) };
  });
}

function volumeTargets(s: Service): Array<{ source: string; target: string }> {
  return (s.volumes ?? []).map((v) =>
    typeof v === 'string'
      ? { source: v.split(':')[0], target: v.split(':')[1] }
      : { source: v.source ?? '', target: v.target },
  );
}

const dependsOn = (s: Service): Record<string, { condition: string }> =>
  Array.isArray(s.depends_on)
    ? Object.fromEntries(s.depends_on.map((n) => [n, { condition: 'service_started' }]))
    : (s.depends_on ?? {});

describe('docker/docker-compose.yml', () => {
  it('runs every app of the repository, each as a service of its own name', () => {
    const appsInRepo = fs
      .readdirSync(path.join(root, 'apps'))
      .filter((d) => fs.existsSync(path.join(root, 'apps', d, 'src', 'main.ts')))
      .sort();
    expect(appServices.map(([, s]) => appOf(s)).sort()).toEqual(appsInRepo);
    for (const [name, s] of appServices) expect(appOf(s)).toBe(name);
    expect(Object.keys(CONTRACT_PORTS).sort()).toEqual(appsInRepo);
  });

  // On the host's loopback by default, like the apps' own BIND_HOST default: the sandbox has well-known passwords.
  it('publishes every contract port exactly once, on the same container port, from its own app', () => {
    const all = Object.entries(services).flatMap(([name, s]) => portsOf(s).map((p) => ({ name, ...p })));
    for (const [app, ports] of Object.entries(CONTRACT_PORTS)) {
      for (const port of ports) {
        const published = all.filter((p) => p.published === port);
        expect(published).toEqual([{ name: app, hostIp: '127.0.0.1', published: port, target: port }]);
      }
    }
    for (const [name, s] of appServices) {
      expect(portsOf(s).map((p) => p.published)).toEqual(CONTRACT_PORTS[name]);
    }
  });

  it('keeps PostgreSQL off the host network and checks its health', () => {
    const postgres = services.postgres;
    expect(postgres.image).toMatch(/^postgres:\d+/);
    for (const p of portsOf(postgres)) expect(p.hostIp).toBe('127.0.0.1');
    expect(postgres.healthcheck?.test).toEqual(expect.arrayContaining(['pg_isready']));
  });

  it('builds one image, from docker/Dockerfile with the repository as context, for the apps and the PKI step', () => {
    const images = new Set<string | undefined>();
    for (const [, s] of [...appServices, ['pki', services.pki] as const]) {
      expect(s.build).toEqual(BUILD);
      images.add(s.image);
    }
    expect(images.size).toBe(1);
  });

  it('makes the PKI once, in the shared data volume, with a script that exists', () => {
    const pki = services.pki;
    const script = /\bdist\/scripts\/([a-z0-9-]+)\.js\b/.exec(commandOf(pki))?.[1];
    expect(script).toBe('init-pki');
    expect(fs.existsSync(path.join(root, 'scripts', `${script}.ts`))).toBe(true);
    expect(environmentOf(pki).SANDBOX_DATA_DIR).toBe('/data');
    expect(volumeTargets(pki)).toContainEqual({ source: 'sandbox-data', target: '/data' });
  });

  it('names the Compose project (docker/.env) instead of leaving it to the folder name `docker`', () => {
    expect(read('docker/.env')).toMatch(/^COMPOSE_PROJECT_NAME=open-finance-sandbox$/m);
  });

  describe.each(Object.keys(CONTRACT_PORTS))('%s', (app) => {
    const service = (): Service => services[app];

    it('uses the compose PostgreSQL, listens on all interfaces and keeps its data in /data', () => {
      const env = environmentOf(service());
      expect(env.DATABASE_URL).toMatch(/^postgres(ql)?:\/\/[^@]+@postgres:5432\/\w+$/);
      expect(env.BIND_HOST).toBe('0.0.0.0');
      expect(env.SANDBOX_DATA_DIR).toBe('/data');
      expect(env.NODE_EXTRA_CA_CERTS).toBe('/data/pki/ca.pem');
      expect(volumeTargets(service())).toContainEqual({ source: 'sandbox-data', target: '/data' });
      expect(compose.volumes).toHaveProperty('sandbox-data');
    });

    it('sets only settings that its env class or the platform declares', () => {
      const ownEnv = read(`apps/${app}/src/config/${app}.env.ts`);
      // The banks' env classes extend the settings both banks share (libs/bank-consent).
      const appEnv = /extends BankAuthServerEnv\b/.test(ownEnv)
        ? ownEnv + read('libs/bank-consent/src/config/bank-auth-server.env.ts')
        : ownEnv;
      const platformEnv = read('libs/platform/src/config/platform-env.ts');
      const declared = (name: string): boolean =>
        new RegExp(`\\b${name}\\b`).test(appEnv) || new RegExp(`\\b${name}\\b`).test(platformEnv);
      const unknown = Object.keys(environmentOf(service())).filter((n) => !NODE_VARIABLES.includes(n) && !declared(n));
      expect(unknown).toEqual([]);
    });

    it('sets its port settings to the container ports it publishes', () => {
      const env = environmentOf(service());
      const portSettings = Object.keys(env).filter((n) => n.endsWith('_PORT'));
      const appEnv = read(`apps/${app}/src/config/${app}.env.ts`);
      for (const name of portSettings) expect(appEnv).toMatch(new RegExp(`\\b${name}\\b`));
      expect(portSettings.map((n) => Number(env[n])).sort()).toEqual(
        portsOf(service())
          .map((p) => p.target)
          .sort(),
      );
    });

    it('starts after PostgreSQL is healthy and the PKI is made (and after auth-server for the others)', () => {
      const deps = dependsOn(service());
      expect(deps.postgres).toEqual({ condition: 'service_healthy' });
      expect(deps.pki).toEqual({ condition: 'service_completed_successfully' });
      if (app !== 'auth-server') expect(deps['auth-server']).toEqual({ condition: 'service_healthy' });
    });

    it('has a healthcheck that probes every port it serves', () => {
      const check = service().healthcheck;
      expect(check?.disable).not.toBe(true);
      expect(Array.isArray(check?.test)).toBe(true);
      const test = check?.test as string[];
      expect(test.slice(0, 3)).toEqual(['CMD', 'node', 'docker/healthcheck.mjs']);
      expect(test.slice(3).map(Number)).toEqual(CONTRACT_PORTS[app]);
    });
  });

  const hasComposeV2 = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0;
  const hasComposeV1 = !hasComposeV2 && spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0;
  const itIfCompose = hasComposeV2 || hasComposeV1 ? it : it.skip;
  itIfCompose(
    hasComposeV2 || hasComposeV1
      ? 'passes `compose config`'
      : 'passes `compose config` (skipped: neither `docker compose` nor `docker-compose` is on PATH)',
    () => {
      const [cmd, args] = hasComposeV2 ? ['docker', ['compose']] : ['docker-compose', []];
      const run = spawnSync(cmd, [...args, '-f', 'docker/docker-compose.yml', 'config', '-q'], {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    },
    70_000,
  );
});

describe('docker/Dockerfile', () => {
  // Instructions, continuation lines joined, comments left out.
  const instructions = read('docker/Dockerfile')
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages = instructions.flatMap((l, i) => {
    const m = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(l);
    return m ? [{ name: m[1]?.toLowerCase() ?? '', start: i }] : [];
  });
  const stage = (name: string): string[] => {
    const i = stages.findIndex((s) => s.name === name);
    return instructions.slice(stages[i].start, stages[i + 1]?.start ?? instructions.length);
  };

  it('has the deps, build and runtime stages, runtime last', () => {
    expect(stages.map((s) => s.name)).toEqual(expect.arrayContaining(['deps', 'build', 'runtime']));
    expect(stages[stages.length - 1].name).toBe('runtime');
    expect(stage('deps').join('\n')).toMatch(/^RUN npm ci\b/m);
    expect(stage('build').join('\n')).toMatch(/^RUN node scripts\/build\.mjs\b/m);
  });

  it('runs the apps as a non-root user, listening on all interfaces, with /data as the data folder', () => {
    const runtime = stage('runtime');
    const users = runtime.filter((l) => /^USER\s/i.test(l)).map((l) => l.split(/\s+/)[1]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0', '0:0']).not.toContain(users[users.length - 1]);
    const env = runtime.filter((l) => /^ENV\s/i.test(l)).join(' ');
    expect(env).toMatch(/\bBIND_HOST=0\.0\.0\.0\b/);
    expect(env).toMatch(/\bSANDBOX_DATA_DIR=\/data\b/);
    expect(runtime).toContain('VOLUME /data');
    expect(runtime.join('\n')).toMatch(/docker\/healthcheck\.mjs/);
    expect(fs.existsSync(path.join(root, 'docker', 'healthcheck.mjs'))).toBe(true);
  });

  it('leaves local state and installed packages out of the build context', () => {
    const ignored = read('docker/Dockerfile.dockerignore')
      .split(/\r?\n/)
      .map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.data', '.git', 'coverage']));
  });
});
