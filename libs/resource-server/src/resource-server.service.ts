import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { peerCertificateOf } from '@ofs/pki';
import { Clock, HttpsClient } from '@ofs/platform';
import type { Request } from 'express';
import { performance } from 'node:perf_hooks';
import type { TLSSocket } from 'node:tls';
import { DataSource } from 'typeorm';
import { headerValues } from './http/header-values';
import { IntrospectionCache } from './introspection/introspection-cache';
import { IntrospectionClient, type IntrospectionResponse } from './introspection/introspection-client';
import { PgReplayStore } from './replay/pg-replay.store';
import { RESOURCE_SERVER_OPTIONS, type ResourceServerOptions } from './resource-server.options';
import { verifyAccessToken, type AuthenticatedCaller } from './access-token/verify-access-token';
import type { ResourceRequest } from './access-token/access-token-context';

const DEFAULT_CACHE_MS = 5_000;

/**
 * Checks the access token of a request: introspection (cached a few seconds, never for a token issued under a
 * consent: see {@link IntrospectionCache}), sender constraint, scopes.
 */
@Injectable()
export class ResourceServer implements OnModuleDestroy {
  private readonly http: HttpsClient;
  private readonly introspection: IntrospectionClient;
  private readonly cache: IntrospectionCache;
  private readonly replay: PgReplayStore;

  constructor(
    @Inject(RESOURCE_SERVER_OPTIONS) private readonly options: ResourceServerOptions,
    @InjectDataSource() db: DataSource,
    private readonly clock: Clock,
  ) {
    this.http = new HttpsClient(options.tls);
    this.introspection = new IntrospectionClient({
      endpoint: options.introspectionEndpoint,
      clientId: options.clientId,
      http: this.http,
    });
    this.cache = new IntrospectionCache(options.introspectionCacheMs ?? DEFAULT_CACHE_MS);
    this.replay = new PgReplayStore(db);
  }

  /** `timing` is told how long the introspection took (ms), e.g. for a Server-Timing header. */
  verify(
    req: Request,
    requiredScopes: readonly string[],
    timing?: (metric: 'introspection', ms: number) => void,
  ): Promise<AuthenticatedCaller> {
    return verifyAccessToken({
      request: this.resourceRequest(req),
      issuer: this.options.issuer,
      requiredScopes,
      now: this.clock.now(),
      replay: this.replay,
      introspect: timing
        ? async (token) => {
            const started = performance.now();
            try {
              return await this.introspect(token);
            } finally {
              timing('introspection', performance.now() - started);
            }
          }
        : (token) => this.introspect(token),
    });
  }

  onModuleDestroy(): void {
    this.http.close();
  }

  private introspect(token: string): Promise<IntrospectionResponse> {
    return this.cache.answer(
      token,
      () => this.clock.now(),
      () => this.introspection.introspect(token),
    );
  }

  private resourceRequest(req: Request): ResourceRequest {
    return {
      method: req.method,
      url: `${this.options.publicBaseUrl}${req.originalUrl}`,
      authorization: req.headers.authorization,
      dpop: headerValues(req, 'dpop'),
      clientCertificate: peerCertificateOf(req.socket as Partial<TLSSocket>),
    };
  }
}
