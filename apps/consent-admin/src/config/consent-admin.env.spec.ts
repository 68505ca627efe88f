import { ConfigError, defaultWorkerCount, loadConfig } from '@ofs/platform';
import { ConsentAdminEnv } from './consent-admin.env';

describe('ConsentAdminEnv: CONSENT_ADMIN_WORKERS', () => {
  it('defaults to one process per core (at most 4), takes auto or a whole number', () => {
    expect(loadConfig(ConsentAdminEnv, {}).CONSENT_ADMIN_WORKERS).toBe(defaultWorkerCount());
    expect(loadConfig(ConsentAdminEnv, { CONSENT_ADMIN_WORKERS: 'auto' }).CONSENT_ADMIN_WORKERS).toBe(
      defaultWorkerCount(),
    );
    expect(loadConfig(ConsentAdminEnv, { CONSENT_ADMIN_WORKERS: '1' }).CONSENT_ADMIN_WORKERS).toBe(1);
  });

  it.each(['0', '-1', 'two', '1.5'])('refuses %j with one line naming it and the value', (value) => {
    let problems: string[] = [];
    try {
      loadConfig(ConsentAdminEnv, { CONSENT_ADMIN_WORKERS: value });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems = e.problems;
    }
    expect(problems).toEqual([
      `CONSENT_ADMIN_WORKERS must be a whole number of processes (1 or more) or auto (got ${JSON.stringify(value)})`,
    ]);
  });
});
