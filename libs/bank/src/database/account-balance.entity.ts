import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { BankAccountEntity } from './bank-account.entity';

/** An account's balance (CDR BankingBalance). */
@Entity({ name: 'account_balance' })
export class AccountBalanceEntity {
  @PrimaryColumn({ name: 'account_id', type: 'text' })
  accountId: string;

  @OneToOne(() => BankAccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'fk_account_balance_account' })
  account?: BankAccountEntity;

  @Column({ name: 'current_balance', type: 'numeric', precision: 16, scale: 2 })
  currentBalance: string;

  @Column({ name: 'available_balance', type: 'numeric', precision: 16, scale: 2 })
  availableBalance: string;

  @Column({ type: 'text' })
  currency: string;
}
