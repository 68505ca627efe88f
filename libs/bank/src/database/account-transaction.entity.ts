import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { BankAccountEntity } from './bank-account.entity';

/** A transaction on an account (CDR BankingTransaction); negative amounts leave the account. */
@Entity({ name: 'account_transaction' })
@Index('ix_account_transaction_account_posted', ['accountId', 'postingDateTime'])
export class AccountTransactionEntity {
  @PrimaryColumn({ name: 'transaction_id', type: 'text' })
  transactionId: string;

  @Column({ name: 'account_id', type: 'text' })
  accountId: string;

  @ManyToOne(() => BankAccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'fk_account_transaction_account' })
  account?: BankAccountEntity;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ name: 'posting_date_time', type: 'timestamptz' })
  postingDateTime: Date;

  @Column({ type: 'numeric', precision: 16, scale: 2 })
  amount: string;

  @Column({ type: 'text' })
  currency: string;

  @Column({ type: 'text' })
  reference: string;

  @Column({ name: 'merchant_name', type: 'text', nullable: true })
  merchantName: string | null;

  @Column({ name: 'merchant_category_code', type: 'text', nullable: true })
  merchantCategoryCode: string | null;
}
