import { AccountBalanceEntity, AccountTransactionEntity, BankAccountEntity } from '@ofs/bank';
import { ResourceServerReplayEntity } from '@ofs/resource-server';
import { WebSessionEntity } from '@ofs/web';

/** go-bank's TypeORM entities. */
export const goBankEntities = [
  BankAccountEntity,
  AccountBalanceEntity,
  AccountTransactionEntity,
  ResourceServerReplayEntity,
  WebSessionEntity,
];
