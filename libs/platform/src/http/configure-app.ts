import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type SecuritySchemeObject } from '@nestjs/swagger';
import helmet from 'helmet';
import { SandboxLogger } from '../logging/sandbox-logger';

export interface ApiDocumentInfo {
  title: string;
  description: string;
  version?: string;
  /** Security schemes (components.securitySchemes) the operations refer to, by name. */
  securitySchemes?: Record<string, SecuritySchemeObject>;
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
  app.use(
    helmet({
      hsts: { maxAge: 31_536_000, includeSubDomains: true },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
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
