import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';

export interface ApiDocumentInfo {
  title: string;
  description: string;
  version?: string;
}

/**
 * The one bootstrap every app (and every e2e test) goes through: JSON logs with a request id, security
 * headers, the validation pipe, Swagger UI at /docs with the OpenAPI document at /docs-json.
 * Graceful shutdown is run-app's (it closes every listener, then the embedded database). The error filter and /health come with PlatformModule.
 */
export function configureApp(app: INestApplication, doc: ApiDocumentInfo): INestApplication {
  app.useLogger(app.get(Logger));
  app.use(
    helmet({
      hsts: { maxAge: 31_536_000, includeSubDomains: true },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false }),
  );
  const config = new DocumentBuilder()
    .setTitle(doc.title)
    .setDescription(doc.description)
    .setVersion(doc.version ?? '0.1.0')
    // The sandbox's sender-constrained tokens: DPoP (RFC 9449) or bound to the client certificate (RFC 8705).
    .addSecurity('DPoP', {
      type: 'http',
      scheme: 'DPoP',
      description: 'RFC 9449: `Authorization: DPoP <token>` with a `DPoP` proof header for this request.',
    })
    .addSecurity('mutual-TLS', {
      type: 'http',
      scheme: 'bearer',
      description:
        'RFC 8705: `Authorization: Bearer <token>` of a certificate-bound token, on a connection presenting that client certificate.',
    })
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
  return app;
}
