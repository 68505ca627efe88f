import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A customer's account at the bank (CDR BankingAccount), owned by the subject the bank's server knows. */
@Entity({ name: 'bank_account' })
@Index('ix_bank_account_owner', ['owner'])
export class BankAccountEntity {
  @PrimaryColumn({ name: 'account_id', type: 'text' })
  accountId: string;

  /** The customer's subject at the bank's authorization server. */
  @Column({ type: 'text' })
  owner: string;

  @Column({ type: 'text' })
  nickname: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  @Column({ name: 'masked_number', type: 'text' })
  maskedNumber: string;

  @Column({ name: 'product_category', type: 'text' })
  productCategory: string;

  @Column({ name: 'product_name', type: 'text' })
  productName: string;

  @Column({ name: 'open_status', type: 'text' })
  openStatus: string;

  @Column({ name: 'is_owned', type: 'boolean' })
  isOwned: boolean;

  @Column({ name: 'creation_date', type: 'date' })
  creationDate: string;

  /** The last day the generated everyday history covers (the bank tops it up to today at start). */
  @Column({ name: 'history_until', type: 'date', nullable: true })
  historyUntil: string | null;
}
