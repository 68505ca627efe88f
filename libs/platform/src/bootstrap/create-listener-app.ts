import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { PlatformEnv } from '../config/platform-env';
import type { RuntimeConfig } from '../config/runtime-config';
import { installBodyParsers } from '../http/body-parsing';
import { originForm } from '../http/origin-form';
import { configureApp } from '../http/configure-app';
import { PlatformModule } from '../platform.module';
import type { ListenerDefinition, SandboxAppDefinition } from './sandbox-app';
import { listenerTlsOptions } from './tls-options';

export interface CreateListenerOptions {
  /** Serve HTTPS with the sandbox certificate (the default); tests may drive plain HTTP through supertest. */
  https?: boolean;
}

/** Builds one listener's Nest application, configured exactly as `npm start` runs it, not yet listening. */
export async function createListenerApp<TEnv extends PlatformEnv>(
  def: SandboxAppDefinition<TEnv>,
  config: RuntimeConfig<TEnv>,
  listener: ListenerDefinition,
  options: CreateListenerOptions = {},
): Promise<INestApplication> {
  @Module({
    imports: [
      PlatformModule.forRoot({ config, database: def.database, listener: `${def.name}/${listener.name}` }),
      listener.module,
    ],
  })
  class ListenerRootModule {}

  const app = await NestFactory.create<NestExpressApplication>(ListenerRootModule, {
    bufferLogs: true,
    abortOnError: false,
    bodyParser: false,
    httpsOptions: options.https === false ? undefined : listenerTlsOptions(config.tls, listener),
  });
  app.disable('x-powered-by');
  app.use(originForm);
  installBodyParsers(app);
  return configureApp(app, {
    title: listener.title,
    description: listener.description,
    securitySchemes: listener.securitySchemes,
    apiPaths: listener.apiPaths,
  });
}
