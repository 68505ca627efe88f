import {
  Global,
  Inject,
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import type { DestinationStream } from 'pino';
import type { LogLevel } from '../config/platform-env';
import { requestLogging } from './request-logging';
import { listenerLogger, SandboxLogger } from './sandbox-logger';

/** Every route of the listener, unknown paths (404s) included. */
const ALL_ROUTES = { path: '{/*splat}', method: RequestMethod.ALL };

/** JSON logs (pino) with a request id; secrets and credentials are redacted. */
@Global()
@Module({})
export class LoggerModule implements NestModule {
  constructor(@Inject(SandboxLogger) private readonly logger: SandboxLogger) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(requestLogging(this.logger.pino)).forRoutes(ALL_ROUTES);
  }
}

/**
 * One listener's logging: its {@link SandboxLogger} (for `app.useLogger`) and its request lines, each line naming
 * the listener as `app`. `destination` (tests) replaces stdout.
 */
export function sandboxLoggerModule(app: string, level: LogLevel, destination?: DestinationStream): DynamicModule {
  return {
    module: LoggerModule,
    providers: [
      { provide: SandboxLogger, useFactory: () => new SandboxLogger(listenerLogger(app, level, destination)) },
    ],
    exports: [SandboxLogger],
  };
}
