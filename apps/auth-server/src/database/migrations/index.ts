import { ServersKeysClients1795500000000 } from './1795500000000-servers-keys-clients';
import { ReplayParTokens1795510000000 } from './1795510000000-replay-par-tokens';
import { InteractionsCodes1795520000000 } from './1795520000000-interactions-codes';
import { InstanceSecrets1795530000000 } from './1795530000000-instance-secrets';
import { ExpiryIndexes1795540000000 } from './1795540000000-expiry-indexes';
import { AuthorizationDetailsTypes1796000000000 } from './1796000000000-authorization-details-types';
import { IdentityPools1796100000000 } from './1796100000000-identity-pools';
import { AuditEvents1796500000000 } from './1796500000000-audit-events';

/** auth-server's committed migrations, in order. Generate new ones with `npm run migration:generate -- auth-server <Name>`. */
export const authServerMigrations = [
  ServersKeysClients1795500000000,
  ReplayParTokens1795510000000,
  InteractionsCodes1795520000000,
  InstanceSecrets1795530000000,
  ExpiryIndexes1795540000000,
  AuthorizationDetailsTypes1796000000000,
  IdentityPools1796100000000,
  AuditEvents1796500000000,
];
