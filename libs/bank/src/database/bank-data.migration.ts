import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A bank's accounts, balances and transactions (libs/bank); each bank lists this migration for its schema. */
export class BankData1796400000000 implements MigrationInterface {
  name = 'BankData1796400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "bank_account" (
      "account_id" text NOT NULL,
      "owner" text NOT NULL,
      "nickname" text NOT NULL,
      "display_name" text NOT NULL,
      "masked_number" text NOT NULL,
      "product_category" text NOT NULL,
      "product_name" text NOT NULL,
      "open_status" text NOT NULL,
      "is_owned" boolean NOT NULL,
      "creation_date" date NOT NULL,
      "history_until" date,
      CONSTRAINT "PK_bank_account" PRIMARY KEY ("account_id"))`);
    await q.query(`CREATE INDEX "ix_bank_account_owner" ON "bank_account" ("owner")`);
    await q.query(`CREATE TABLE "account_balance" (
      "account_id" text NOT NULL,
      "current_balance" numeric(16,2) NOT NULL,
      "available_balance" numeric(16,2) NOT NULL,
      "currency" text NOT NULL,
      CONSTRAINT "PK_account_balance" PRIMARY KEY ("account_id"),
      CONSTRAINT "fk_account_balance_account" FOREIGN KEY ("account_id") REFERENCES "bank_account"("account_id") ON DELETE CASCADE)`);
    await q.query(`CREATE TABLE "account_transaction" (
      "transaction_id" text NOT NULL,
      "account_id" text NOT NULL,
      "type" text NOT NULL,
      "status" text NOT NULL,
      "description" text NOT NULL,
      "posting_date_time" TIMESTAMP WITH TIME ZONE NOT NULL,
      "amount" numeric(16,2) NOT NULL,
      "currency" text NOT NULL,
      "reference" text NOT NULL,
      "merchant_name" text,
      "merchant_category_code" text,
      CONSTRAINT "PK_account_transaction" PRIMARY KEY ("transaction_id"),
      CONSTRAINT "fk_account_transaction_account" FOREIGN KEY ("account_id") REFERENCES "bank_account"("account_id") ON DELETE CASCADE)`);
    await q.query(
      `CREATE INDEX "ix_account_transaction_account_posted" ON "account_transaction" ("account_id", "posting_date_time")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "account_transaction"`);
    await q.query(`DROP TABLE "account_balance"`);
    await q.query(`DROP TABLE "bank_account"`);
  }
}
