import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { RuntimeConfig } from './config/runtime-config';
import { dataSourceOptions, type AppDatabase } from './database/data-source-options';
import { ProblemFilter } from './errors/problem.filter';
import { HealthController } from './health/health.controller';
import { RequestInputGuard } from './http/body-parsing';
import { sandboxLoggerModule } from './logging/logger.module';

export const RUNTIME_CONFIG = Symbol('RUNTIME_CONFIG');

export interface PlatformModuleOptions {
  config: RuntimeConfig;
  database: Omit<AppDatabase, 'schema'>;
  /** Names the listener in logs and database sessions, e.g. `go-bank/consent-page`. */
  listener: string;
}

/** Logging, database, /health and the error filter, for one listener's root module. */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    const { config, database, listener } = options;
    return {
      module: PlatformModule,
      global: true,
      imports: [
        sandboxLoggerModule(listener, config.env.LOG_LEVEL),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(config.database.url, { ...database, schema: config.database.schema }, listener),
          retryAttempts: 0,
        }),
      ],
      controllers: [HealthController],
      providers: [
        { provide: RUNTIME_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_GUARD, useClass: RequestInputGuard },
      ],
      exports: [RUNTIME_CONFIG],
    };
  }
}
