import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type SecuritySchemeObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { SandboxLogger } from '../logging/sandbox-logger';

export interface ApiDocumentInfo {
  title: string;
  description: string;
  version?: string;
  /** Security schemes (components.securitySchemes) the operations refer to, by name. */
  securitySchemes?: Record<string, SecuritySchemeObject>;
  /** Path prefixes that answer JSON only, never a page: their answers carry {@link API_SECURITY_HEADERS}. */
  apiPaths?: readonly string[];
}

/**
 * The security headers of a JSON API's answers (OWASP REST Security Cheat Sheet, "Security Headers"): no framing,
 * no sniffing, HTTPS only, and a policy that loads nothing. Helmet's other headers (cross-origin isolation,
 * referrer, DNS prefetch, download options…) are for pages a browser renders; an API answer carries its own
 * `Content-Type` and `Cache-Control`.
 */
export const API_SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
];

/** Whether `path` is under one of `prefixes`, without regard to case (as Express matches routes). */
export function isUnderPathPrefix(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => path.slice(0, prefix.length).toLowerCase() === prefix.toLowerCase());
}

/**
 * The one bootstrap every app (and every e2e test) goes through: JSON logs with a request id, security
 * headers, the validation pipe, Swagger UI at /docs with the OpenAPI document at /docs-json.
 * Graceful shutdown is run-app's (it closes every listener, then the embedded database). The error filter and /health come with PlatformModule.
 */
export function configureApp(app: INestApplication, doc: ApiDocumentInfo): INestApplication {
  app.useLogger(app.get(SandboxLogger));
  // No automatic ETag (a SHA-1 of every body, and 304s for If-None-Match): the APIs answer no-store, and an API
  // that offers conditional requests sets its own ETag (the identity pools' versions).
  const http = app.getHttpAdapter().getInstance() as { set?: (name: string, value: unknown) => void };
  http.set?.('etag', false);
  const pages = helmet({
    hsts: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: 'no-referrer' },
  });
  const apiPaths = doc.apiPaths ?? [];
  // Helmet's page headers for everything else (pages, Swagger UI, /health); the API set under `apiPaths`.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!isUnderPathPrefix(req.url, apiPaths)) return pages(req, res, next);
    for (const [name, value] of API_SECURITY_HEADERS) res.setHeader(name, value);
    next();
  });
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false }),
  );
  const builder = new DocumentBuilder()
    .setTitle(doc.title)
    .setDescription(doc.description)
    .setVersion(doc.version ?? '0.1.0');
  for (const [name, scheme] of Object.entries(doc.securitySchemes ?? {})) builder.addSecurity(name, scheme);
  const config = builder.build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
  return app;
}
