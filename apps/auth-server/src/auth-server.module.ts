import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientEntity } from './clients/client.entity';
import { DiscoveryController } from './discovery/discovery.controller';
import { JwksController } from './jwks/jwks.controller';
import { SigningKeyEntity } from './keys/signing-key.entity';
import { SigningKeyService } from './keys/signing-key.service';
import { ServerRegistry } from './servers/server-registry.service';
import { ServerEntity } from './servers/server.entity';

/** Root module of auth-server's `api` listener (and its mutual-TLS alias). */
@Module({
  imports: [TypeOrmModule.forFeature([ServerEntity, SigningKeyEntity, ClientEntity])],
  controllers: [DiscoveryController, JwksController],
  providers: [ServerRegistry, SigningKeyService],
})
export class AuthServerModule {}
