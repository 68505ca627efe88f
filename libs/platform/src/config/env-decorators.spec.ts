import { availableParallelism } from 'node:os';
import { ConfigError } from './config.error';
import { defaultWorkerCount, WorkerCountSetting } from './env-decorators';
import { loadConfig } from './load-config';
import { PlatformEnv } from './platform-env';

class ExampleEnv extends PlatformEnv {
  @WorkerCountSetting('EXAMPLE_WORKERS', () => 3)
  EXAMPLE_WORKERS: number = 3;
}

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(ExampleEnv, env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('WorkerCountSetting (how many processes serve an app)', () => {
  it.each([
    [{}, 3],
    [{ EXAMPLE_WORKERS: '1' }, 1],
    [{ EXAMPLE_WORKERS: '8' }, 8],
    [{ EXAMPLE_WORKERS: 'auto' }, 3],
    [{ EXAMPLE_WORKERS: 'AUTO' }, 3],
  ])('%j gives %i', (env, workers) => {
    expect(loadConfig(ExampleEnv, env).EXAMPLE_WORKERS).toBe(workers);
  });

  it.each(['0', '-1', '1.5', 'two', '2x'])('names the setting and its expected form for %j', (value) => {
    expect(problemsOf({ EXAMPLE_WORKERS: value })).toEqual([
      `EXAMPLE_WORKERS must be a whole number of processes (1 or more) or auto (got "${value}")`,
    ]);
  });

  it('defaults to one process per core, at most 4 (or the given cap)', () => {
    expect(defaultWorkerCount()).toBe(Math.min(4, availableParallelism()));
    expect(defaultWorkerCount(1)).toBe(1);
  });
});
