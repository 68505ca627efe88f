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
