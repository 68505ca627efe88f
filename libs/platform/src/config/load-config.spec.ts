import { availableParallelism } from 'node:os';
import { ConfigError } from './config.error';
import { defaultWorkerCount, PortSetting, WorkerCountSetting } from './env-decorators';
import { loadConfig } from './load-config';
import { PlatformEnv } from './platform-env';

class ExampleEnv extends PlatformEnv {
  @PortSetting('EXAMPLE_PORT')
  EXAMPLE_PORT: number = 8443;
}

class WorkersEnv extends PlatformEnv {
  @WorkerCountSetting('EXAMPLE_WORKERS', () => 3)
  EXAMPLE_WORKERS: number = 3;
}

function problemsOf(env: Record<string, string>, envClass: typeof PlatformEnv = ExampleEnv): string[] {
  try {
    loadConfig(envClass, env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('loadConfig (issue 2, item 2: configuration validated at boot)', () => {
  it('applies defaults and converts ports to numbers', () => {
    const env = loadConfig(ExampleEnv, {});
    expect(env).toMatchObject({
      EXAMPLE_PORT: 8443,
      SANDBOX_DATA_DIR: '.data',
      BIND_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    });
    expect(loadConfig(ExampleEnv, { EXAMPLE_PORT: '9443' }).EXAMPLE_PORT).toBe(9443);
  });

  it('ignores variables it does not declare and treats empty values as unset', () => {
    expect(loadConfig(ExampleEnv, { PATH: '/bin', EXAMPLE_PORT: '' }).EXAMPLE_PORT).toBe(8443);
  });

  it.each([
    [{ EXAMPLE_PORT: '84x3' }, 'EXAMPLE_PORT must be a port number 1-65535 (got "84x3")'],
    [{ EXAMPLE_PORT: '70000' }, 'EXAMPLE_PORT must be a port number 1-65535 (got "70000")'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")'],
    [{ BIND_HOST: 'a b' }, 'BIND_HOST must be an IP address or host name (got "a b")'],
  ])('names the setting and its expected form: %j', (env, message) => {
    expect(problemsOf(env)).toEqual([message]);
  });

  it('rejects a DATABASE_URL that is not a PostgreSQL URL, without echoing its password', () => {
    const [problem] = problemsOf({ DATABASE_URL: 'mysql://root:hunter2@db:3306/x' });
    expect(problem).toContain('DATABASE_URL must be a PostgreSQL URL like postgres://user:password@host:5432/database');
    expect(problem).not.toContain('hunter2');
  });

  it('accepts a PostgreSQL URL', () => {
    expect(loadConfig(ExampleEnv, { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' }).DATABASE_URL).toBe(
      'postgres://postgres@127.0.0.1:5432/test',
    );
  });

  it('reports every problem in one line', () => {
    const error = (() => {
      try {
        loadConfig(ExampleEnv, { EXAMPLE_PORT: 'x', LOG_LEVEL: 'loud' });
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error.message.split('\n')).toHaveLength(1);
    expect(error.message).toMatch(/^invalid configuration: .*EXAMPLE_PORT.*; .*LOG_LEVEL/);
  });
});

describe('WorkerCountSetting (how many processes serve an app)', () => {
  it.each([
    [{}, 3],
    [{ EXAMPLE_WORKERS: '1' }, 1],
    [{ EXAMPLE_WORKERS: '8' }, 8],
    [{ EXAMPLE_WORKERS: 'auto' }, 3],
    [{ EXAMPLE_WORKERS: 'AUTO' }, 3],
  ])('%j gives %i', (env, workers) => {
    expect(loadConfig(WorkersEnv, env).EXAMPLE_WORKERS).toBe(workers);
  });

  it.each(['0', '-1', '1.5', 'two', '2x'])('names the setting and its expected form for %j', (value) => {
    expect(problemsOf({ EXAMPLE_WORKERS: value }, WorkersEnv)).toEqual([
      `EXAMPLE_WORKERS must be a whole number of processes (1 or more) or auto (got "${value}")`,
    ]);
  });

  it('defaults to one process per core, at most 4 (or the given cap)', () => {
    expect(defaultWorkerCount()).toBe(Math.min(4, availableParallelism()));
    expect(defaultWorkerCount(1)).toBe(1);
  });
});
