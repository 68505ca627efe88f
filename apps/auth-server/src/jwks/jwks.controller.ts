import { Controller, Get, Header, Param, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OAuthErrorFilter } from '@ofs/oauth';
import type { JWK } from 'jose';
import { SigningKeyService } from '../keys/signing-key.service';
import { ServerRegistry } from '../servers/server-registry.service';

@ApiTags('discovery')
@Controller()
@UseFilters(OAuthErrorFilter)
export class JwksController {
  constructor(
    private readonly servers: ServerRegistry,
    private readonly keys: SigningKeyService,
  ) {}

  @Get(':tenant/:server/.well-known/jwks.json')
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOperation({ summary: "The server's public signing keys (JWK Set)" })
  @ApiOkResponse({ description: 'JWK Set with the active keys and the recently retired ones.' })
  async jwks(@Param('tenant') tenant: string, @Param('server') server: string): Promise<{ keys: JWK[] }> {
    const context = await this.servers.resolve(tenant, server);
    return this.keys.jwks(context.entity.id);
  }
}
