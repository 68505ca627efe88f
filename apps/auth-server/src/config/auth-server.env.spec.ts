import { ConfigError, loadConfig } from '@ofs/platform';
import { AuthServerEnv } from './auth-server.env';

describe('AuthServerEnv: AUTH_SERVER_SCRYPT_LOG_N', () => {
  it('defaults to 9 (about 1.4 ms of CPU a login) and takes a whole number from 8 to 20', () => {
    expect(loadConfig(AuthServerEnv, {}).AUTH_SERVER_SCRYPT_LOG_N).toBe(9);
    expect(loadConfig(AuthServerEnv, { AUTH_SERVER_SCRYPT_LOG_N: '17' }).AUTH_SERVER_SCRYPT_LOG_N).toBe(17);
  });

  it.each(['7', '21', '2^17', '12.5', 'high'])('refuses %j with one line naming it and the value', (value) => {
    let problems: string[] = [];
    try {
      loadConfig(AuthServerEnv, { AUTH_SERVER_SCRYPT_LOG_N: value });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems = e.problems;
    }
    expect(problems).toEqual([
      `AUTH_SERVER_SCRYPT_LOG_N must be a whole number from 8 to 20 (scrypt N = 2^value) (got ${JSON.stringify(value)})`,
    ]);
  });
});

describe('AuthServerEnv: AUTH_SERVER_AUDIT_RETENTION_DAYS', () => {
  it('defaults to 30 days and takes a whole number of days from 1 to 3650', () => {
    expect(loadConfig(AuthServerEnv, {}).AUTH_SERVER_AUDIT_RETENTION_DAYS).toBe(30);
    expect(
      loadConfig(AuthServerEnv, { AUTH_SERVER_AUDIT_RETENTION_DAYS: '365' }).AUTH_SERVER_AUDIT_RETENTION_DAYS,
    ).toBe(365);
  });

  it.each(['0', '3651', '7d', '1.5'])('refuses %j with one line naming it and the value', (value) => {
    let problems: string[] = [];
    try {
      loadConfig(AuthServerEnv, { AUTH_SERVER_AUDIT_RETENTION_DAYS: value });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems = e.problems;
    }
    expect(problems).toEqual([
      `AUTH_SERVER_AUDIT_RETENTION_DAYS must be a whole number of days from 1 to 3650 (got ${JSON.stringify(value)})`,
    ]);
  });
});
