import { IdentityPoolRepository } from './identity-pool.repository';
import { IdentityPoolSeeder } from './identity-pool.seeder';
import { IdentityPoolService } from './identity-pool.service';
import { IdentityRecordRepository } from './identity-record.repository';
import { PasswordHasher } from './password-hash';
import { TenantSystemTokens } from './tenant-system-token';

export { IdentityPoolController } from './identity-pool.controller';

/** The identity-pools feature's providers, for AuthServerModule. */
export const identityPoolProviders = [
  IdentityPoolRepository,
  IdentityRecordRepository,
  PasswordHasher,
  IdentityPoolService,
  IdentityPoolSeeder,
  TenantSystemTokens,
];
