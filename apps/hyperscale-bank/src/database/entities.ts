import { AccountBalanceEntity, AccountTransactionEntity, BankAccountEntity } from '@ofs/bank';
import { ResourceServerReplayEntity } from '@ofs/resource-server';
import { WebSessionEntity } from '@ofs/web';

/** hyperscale-bank's TypeORM entities. */
export const hyperscaleBankEntities = [
  BankAccountEntity,
  AccountBalanceEntity,
  AccountTransactionEntity,
  ResourceServerReplayEntity,
  WebSessionEntity,
];
