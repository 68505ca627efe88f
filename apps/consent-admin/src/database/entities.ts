import { ResourceServerReplayEntity } from '@ofs/resource-server';
import { WebSessionEntity } from '@ofs/web';
import { ConsentEntity } from '../consents/consent.entity';
import { TokenRevocationOutboxEntity } from '../token-revocation/token-revocation-outbox.entity';

/** consent-admin's TypeORM entities. */
export const consentAdminEntities = [
  ConsentEntity,
  TokenRevocationOutboxEntity,
  ResourceServerReplayEntity,
  WebSessionEntity,
];
