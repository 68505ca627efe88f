import { WebSessionEntity } from '@ofs/web';
import { BankConnectionEntity } from '../bank-connections/bank-connection.entity';
import { BankRegistrationEntity } from '../registration/bank-registration.entity';

/** financroo's TypeORM entities. */
export const financrooEntities = [WebSessionEntity, BankRegistrationEntity, BankConnectionEntity];
