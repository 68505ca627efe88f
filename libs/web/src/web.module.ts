import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { BRAND, type Brand } from './brand';
import { API_PREFIXES, HtmlErrorFilter } from './html-error.filter';
import { WEB_SESSION_OPTIONS, WebSessions, type WebSessionOptions } from './session/web-sessions.service';
import { WebAssetsController } from './web-assets.controller';

export interface WebModuleOptions {
  brand: Brand;
  /** Server-side sessions (and CSRF tokens) for this listener. */
  session?: WebSessionOptions;
  /** Paths that are APIs, answered in the JSON problem shape on errors (Swagger's are always). */
  apiPrefixes?: readonly string[];
}

/** What a listener serving pages needs: its assets, its error pages, and optionally sessions. */
@Module({})
export class WebModule {
  static forRoot(options: WebModuleOptions): DynamicModule {
    const sessions = options.session ? [{ provide: WEB_SESSION_OPTIONS, useValue: options.session }, WebSessions] : [];
    return {
      module: WebModule,
      global: true,
      controllers: [WebAssetsController],
      providers: [
        { provide: BRAND, useValue: options.brand },
        { provide: API_PREFIXES, useValue: [...(options.apiPrefixes ?? []), '/docs', '/health'] },
        { provide: APP_FILTER, useClass: HtmlErrorFilter },
        ...sessions,
      ],
      exports: [BRAND, ...(options.session ? [WebSessions] : [])],
    };
  }
}
