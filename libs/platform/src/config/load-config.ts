import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ConfigError } from './config.error';

/**
 * Validates environment settings against a class-validator class. Unknown variables are ignored (the
 * environment holds much more than ours); every declared one is checked, and every problem is named with
 * the expected form, e.g. `AUTH_SERVER_PORT must be a port number 1-65535 (got "84x3")`.
 */
export function loadConfig<T extends object>(
  envClass: ClassConstructor<T>,
  env: Record<string, string | undefined>,
): T {
  const defined: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') defined[key] = value;
  }
  const instance = plainToInstance(envClass, defined, { exposeDefaultValues: true, excludeExtraneousValues: false });
  const errors = validateSync(instance, { skipMissingProperties: false, forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigError(errors.flatMap((e) => describe(e, defined)));
  return instance;
}

function describe(error: ValidationError, raw: Record<string, string>): string[] {
  const messages = [...new Set(Object.values(error.constraints ?? {}))];
  const got = raw[error.property];
  const suffix = got === undefined ? ' (not set)' : ` (got ${JSON.stringify(redact(error.property, got))})`;
  return messages.map((m) => `${m}${suffix}`);
}

function redact(name: string, value: string): string {
  if (/SECRET|PASSWORD|KEY/i.test(name)) return '***';
  if (/URL/i.test(name)) {
    try {
      const url = new URL(value);
      if (url.password) url.password = '***';
      return url.toString();
    } catch {
      return value;
    }
  }
  return value;
}
