import {
  applyDecorators,
  Injectable,
  SetMetadata,
  UseFilters,
  UseGuards,
  createParamDecorator,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  ApiForbiddenResponse,
  ApiSecurity,
  ApiServiceUnavailableResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthenticatedCaller } from './access-token/verify-access-token';
import { ResourceProblemFilter } from './resource-problem.filter';
import { ResourceServer } from './resource-server.service';

const REQUIRED_SCOPES = 'ofs:required-scopes';
const CALLER = Symbol('ofs:caller');

/**
 * The Swagger security schemes the guard implements (listeners declare them through `securitySchemes`): a
 * DPoP-bound token with a proof (RFC 9449, with `ath`), or a certificate-bound one on a TLS connection that
 * presents the certificate (RFC 8705). Either one satisfies a protected operation.
 */
export const ACCESS_TOKEN_SECURITY_SCHEMES = {
  dpop: {
    type: 'http',
    scheme: 'DPoP',
    description:
      '`Authorization: DPoP <token>` and a `DPoP` proof for this request (htm, htu, iat, jti, ath) by the key of the ' +
      "token's cnf.jkt (RFC 9449 §7).",
  },
  'certificate-bound': {
    type: 'http',
    scheme: 'bearer',
    description:
      '`Authorization: Bearer <token>` on a TLS connection presenting the client certificate whose thumbprint is ' +
      "the token's cnf.x5t#S256 (RFC 8705 §3).",
  },
} as const;

type RequestWithCaller = Request & { [CALLER]?: AuthenticatedCaller };

/** Lets a request through only with an access token that passes every check and holds the required scopes. */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly resourceServer: ResourceServer,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const scopes =
      this.reflector.getAllAndOverride<string[]>(REQUIRED_SCOPES, [context.getHandler(), context.getClass()]) ?? [];
    const req = context.switchToHttp().getRequest<RequestWithCaller>();
    req[CALLER] = await this.resourceServer.verify(req, scopes);
    return true;
  }
}

/**
 * A protected handler or controller: sender-constrained token with every one of `scopes`; failures answer
 * RFC 9457 problems with the RFC 6750 / RFC 9449 `WWW-Authenticate` challenge (401, 403).
 */
export function RequireScopes(...scopes: string[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(REQUIRED_SCOPES, scopes),
    UseGuards(AccessTokenGuard),
    UseFilters(ResourceProblemFilter),
    ApiSecurity('dpop', scopes),
    ApiSecurity('certificate-bound', scopes),
    ApiUnauthorizedResponse({
      description: 'No token, or an inactive, foreign or wrongly sender-bound one (`WWW-Authenticate` says which).',
    }),
    ApiForbiddenResponse({ description: `insufficient_scope: the token lacks ${scopes.join(' ')}.` }),
    ApiServiceUnavailableResponse({ description: 'The authorization server cannot check the token now.' }),
  );
}

/** The verified caller of a handler behind {@link RequireScopes}. */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedCaller => {
  const caller = context.switchToHttp().getRequest<RequestWithCaller>()[CALLER];
  if (!caller) throw new Error('@Caller() used on a handler without @RequireScopes()');
  return caller;
});
