import { Controller, Get, Header, Param, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OAuthErrorFilter } from '@ofs/oauth';
import { ServerRegistry } from '../servers/server-registry.service';
import { discoveryDocument } from './discovery-document';

const CACHE = 'public, max-age=60';

@ApiTags('discovery')
@Controller()
@UseFilters(OAuthErrorFilter)
export class DiscoveryController {
  constructor(private readonly servers: ServerRegistry) {}

  @Get(':tenant/:server/.well-known/openid-configuration')
  @Header('Cache-Control', CACHE)
  @ApiOperation({ summary: 'OpenID Connect Discovery 1.0 metadata of a server' })
  @ApiOkResponse({ description: 'The server metadata.' })
  async openidConfiguration(
    @Param('tenant') tenant: string,
    @Param('server') server: string,
  ): Promise<Record<string, unknown>> {
    return discoveryDocument(await this.servers.resolve(tenant, server));
  }

  /** RFC 8414 §3: the well-known segment is inserted between the host and the issuer's path. */
  @Get('.well-known/oauth-authorization-server/:tenant/:server')
  @Header('Cache-Control', CACHE)
  @ApiOperation({ summary: 'RFC 8414 authorization server metadata of a server' })
  @ApiOkResponse({ description: 'The server metadata.' })
  async oauthAuthorizationServer(
    @Param('tenant') tenant: string,
    @Param('server') server: string,
  ): Promise<Record<string, unknown>> {
    return discoveryDocument(await this.servers.resolve(tenant, server));
  }
}
