import { Module, type DynamicModule } from '@nestjs/common';
import { Clock } from '@ofs/platform';
import { AccessTokenGuard } from './access-token.guard';
import { RESOURCE_SERVER_OPTIONS, type ResourceServerOptions } from './resource-server.options';
import { ResourceServer } from './resource-server.service';

export interface ResourceServerModuleOptions {
  inject?: Array<string | symbol | (abstract new (...args: never[]) => unknown)>;
  useFactory: (...args: never[]) => ResourceServerOptions | Promise<ResourceServerOptions>;
}

/**
 * The access-token guard of an API listener. Needs the app's TypeORM connection (the DPoP replay table
 * `resource_server_replay`, see ResourceServerReplayEntity).
 */
@Module({})
export class ResourceServerModule {
  static forRootAsync(options: ResourceServerModuleOptions): DynamicModule {
    return {
      module: ResourceServerModule,
      providers: [
        { provide: RESOURCE_SERVER_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        Clock,
        ResourceServer,
        AccessTokenGuard,
      ],
      exports: [ResourceServer, AccessTokenGuard],
    };
  }
}
