import { AuditEventEntity } from '../audit/audit-event.entity';
import { AuthorizationDetailsTypeEntity } from '../authorization-details/authorization-details-type.entity';
import { AuthorizationCodeEntity } from '../authorize/authorization-code.entity';
import { ClientEntity } from '../clients/client.entity';
import { IdentityPoolEntity } from '../identity-pools/identity-pool.entity';
import { IdentityRecordEntity } from '../identity-pools/identity-record.entity';
import { InteractionEntity } from '../interaction/interaction.entity';
import { SigningKeyEntity } from '../keys/signing-key.entity';
import { PushedRequestEntity } from '../par/pushed-request.entity';
import { ReplayJtiEntity } from '../replay/replay-jti.entity';
import { InstanceSecretEntity } from '../secrets/instance-secret.entity';
import { ServerEntity } from '../servers/server.entity';
import { TokenEntity } from '../token-store/token.entity';

/** auth-server's TypeORM entities. */
export const authServerEntities = [
  ServerEntity,
  SigningKeyEntity,
  ClientEntity,
  ReplayJtiEntity,
  PushedRequestEntity,
  TokenEntity,
  InteractionEntity,
  AuthorizationCodeEntity,
  InstanceSecretEntity,
  AuthorizationDetailsTypeEntity,
  IdentityPoolEntity,
  IdentityRecordEntity,
  AuditEventEntity,
];
