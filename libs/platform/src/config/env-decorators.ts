import { availableParallelism } from 'node:os';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateIf } from 'class-validator';

/** A TCP port setting: integer 1-65535, with a default. */
export function PortSetting(name: string): PropertyDecorator {
  return (target, key) => {
    Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))(target, key);
    IsInt({ message: `${name} must be a port number 1-65535` })(target, key);
    Min(1, { message: `${name} must be a port number 1-65535` })(target, key);
    Max(65535, { message: `${name} must be a port number 1-65535` })(target, key);
  };
}

/** An optional postgres:// URL. */
export function PostgresUrlSetting(name: string): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    ValidateIf((_o, v) => v !== undefined)(target, key);
    Matches(/^postgres(ql)?:\/\/[^\s/]+(:\d+)?\/[^\s]+$/, {
      message: `${name} must be a PostgreSQL URL like postgres://user:password@host:5432/database`,
    })(target, key);
  };
}

export function OneOfSetting(name: string, values: readonly string[]): PropertyDecorator {
  return IsIn(values, { message: `${name} must be one of ${values.join(', ')}` });
}

/** How many processes serve an app when its worker setting says `auto` or is unset: one per core, at most `max`. */
export function defaultWorkerCount(max: number = 4): number {
  return Math.max(1, Math.min(max, availableParallelism()));
}

/** A process-count setting: a whole number ≥ 1, or `auto` for {@link defaultWorkerCount}. */
export function WorkerCountSetting(name: string, auto: () => number = defaultWorkerCount): PropertyDecorator {
  const message = `${name} must be a whole number of processes (1 or more) or auto`;
  return (target, key) => {
    Transform(({ value }) => {
      if (typeof value !== 'string') return value;
      if (value.trim().toLowerCase() === 'auto') return auto();
      return /^\d+$/.test(value) ? Number(value) : value;
    })(target, key);
    IsInt({ message })(target, key);
    Min(1, { message })(target, key);
  };
}
