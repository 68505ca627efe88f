import { ClientEntity } from '../clients/client.entity';
import { SigningKeyEntity } from '../keys/signing-key.entity';
import { ServerEntity } from '../servers/server.entity';

/** auth-server's TypeORM entities. */
export const authServerEntities = [ServerEntity, SigningKeyEntity, ClientEntity];
