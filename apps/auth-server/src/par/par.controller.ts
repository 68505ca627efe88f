import { randomUUID } from 'node:crypto';
import { All, Controller, HttpCode, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExcludeEndpoint,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { verifyDpopProof } from '@ofs/fapi';
import { OAuthError, parseAuthorizationDetails, singleValuedParameters } from '@ofs/oauth';
import type { Request, Response } from 'express';
import { auditOrigin } from '../audit/audit-event';
import { AuditedOAuthErrorFilter } from '../audit/audited-oauth-error.filter';
import { ClientAuthenticator } from '../client-auth/client-authenticator.service';
import { Clock } from '../common/clock';
import { randomToken, sha256 } from '../common/hash';
import { methodNotAllowed, requireFormBody } from '../common/oauth-request';
import { PgReplayStore } from '../replay/pg-replay.store';
import { ServerRegistry } from '../servers/server-registry.service';
import { DpopNonces } from '../token-endpoint/dpop-nonces';
import { PAR_CHECKS } from './checks';
import { PushedAuthorizationResponseDto } from './pushed-authorization-response.dto';
import { PushedRequestRepository } from './pushed-request.repository';
import { RequestObjectReader } from './request-object-reader.service';
import { OAuthErrorResponseDto, OAuthErrors } from '../common/api-errors';

/** RFC 9126: the only way into this server's authorization endpoint (FAPI2-SP 5.3.2.2-2). */
@ApiTags('par')
@OAuthErrors(400, 401, 404)
@Controller(':tenant/:server/par')
@UseFilters(AuditedOAuthErrorFilter)
export class ParController {
  constructor(
    private readonly servers: ServerRegistry,
    private readonly authenticator: ClientAuthenticator,
    private readonly replay: PgReplayStore,
    private readonly nonces: DpopNonces,
    private readonly clock: Clock,
    private readonly requestObjects: RequestObjectReader,
    private readonly pushed: PushedRequestRepository,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({
    summary: 'Pushed authorization request (RFC 9126)',
    description:
      'The authorization request as form parameters, or as a signed request object in `request` (RFC 9101, ' +
      'FAPI 2.0 Message Signing), plus client authentication.',
  })
  @ApiCreatedResponse({ type: PushedAuthorizationResponseDto })
  @ApiBadRequestResponse({
    type: OAuthErrorResponseDto,
    description: 'RFC 6749 §5.2 error (e.g. invalid_request, invalid_request_object, invalid_authorization_details)',
  })
  async push(
    @Param('tenant') tenant: string,
    @Param('server') serverId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PushedAuthorizationResponseDto> {
    res.setHeader('Cache-Control', 'no-cache, no-store');
    const server = await this.servers.resolve(tenant, serverId);
    requireFormBody(req);
    const form = singleValuedParameters(req.body);
    const { client } = await this.authenticator.authenticate(req, form, server);
    if (form.client_id !== undefined && form.client_id !== client.clientId) {
      throw new OAuthError('invalid_client', 'client_id does not match the authenticated client');
    }
    const now = this.clock.now();
    const params = await this.requestObjects.authorizationRequest(form, client, server, now);
    for (const check of PAR_CHECKS) check({ form, params, client, server });

    let dpopJkt = params.dpop_jkt;
    if (req.headers.dpop !== undefined) {
      // RFC 9449 §10.1: a proof at PAR binds the authorization code to its key (PAR-17, PAR-18).
      const proof = await verifyDpopProof({
        proof: req.headersDistinct.dpop ?? req.headers.dpop,
        htm: 'POST',
        htu: this.servers.endpointUrl(req, server, '/par'),
        expectedJkt: params.dpop_jkt,
        nonce: this.nonces,
        now,
        replay: this.replay,
      });
      dpopJkt = proof.jkt;
      res.setHeader('DPoP-Nonce', this.nonces.fresh(now));
    }

    const requestUri = `urn:ietf:params:oauth:request_uri:${randomToken(32)}`;
    const ttl = server.entity.settings.parTtlSeconds;
    const id = randomUUID();
    // The request and its audit event in one statement: no extra round trip on this hot path.
    await this.pushed.push(
      {
        id,
        requestUriHash: sha256(requestUri),
        serverPk: server.entity.id,
        clientId: client.clientId,
        parameters: { ...params, client_id: client.clientId, ...(dpopJkt ? { dpop_jkt: dpopJkt } : {}) },
        expiresAt: new Date(now.getTime() + ttl * 1000),
      },
      {
        type: 'authorization_request.pushed',
        outcome: 'success',
        at: now,
        tenant: server.entity.tenant,
        serverId: server.entity.serverId,
        clientId: client.clientId,
        flowId: id,
        origin: auditOrigin(req),
        detail: {
          scope: params.scope ?? '',
          authorization_details_types: detailTypesOf(params.authorization_details),
          signed_request_object: form.request !== undefined,
          dpop_bound: !!dpopJkt,
          expires_in: ttl,
        },
      },
    );
    return { request_uri: requestUri, expires_in: ttl };
  }

  @All()
  @ApiExcludeEndpoint() // 405 for other methods: not an operation of the API
  otherMethods(): never {
    throw methodNotAllowed('POST');
  }
}

/** The RFC 9396 types of a validated authorization_details parameter (a JSON array). */
function detailTypesOf(authorizationDetails: string | undefined): string[] {
  if (!authorizationDetails) return [];
  return (parseAuthorizationDetails(authorizationDetails) as Array<{ type: string }>).map((d) => d.type);
}
