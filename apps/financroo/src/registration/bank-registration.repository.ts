import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BankRegistrationEntity } from './bank-registration.entity';

/** The bank_registration table: Financroo's client per bank. */
@Injectable()
export class BankRegistrationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findForBank(bankId: string): Promise<BankRegistrationEntity | null> {
    return this.db.getRepository(BankRegistrationEntity).findOneBy({ bankId });
  }

  /** Stores the bank's registration, replacing an earlier one (a new issuer, or a client the server forgot). */
  async saveForBank(registration: BankRegistrationEntity): Promise<void> {
    await this.db.query(
      `INSERT INTO bank_registration (bank_id, issuer, client_id, authentication, registration_client_uri,
         registration_access_token, metadata, signing_key, dpop_key, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
       ON CONFLICT (bank_id) DO UPDATE SET issuer = $2, client_id = $3, authentication = $4,
         registration_client_uri = $5, registration_access_token = $6, metadata = $7, signing_key = $8,
         dpop_key = $9, updated_at = $10,
         created_at = CASE WHEN bank_registration.client_id = $3 THEN bank_registration.created_at ELSE $10 END`,
      [
        registration.bankId,
        registration.issuer,
        registration.clientId,
        registration.authentication,
        registration.registrationClientUri,
        registration.registrationAccessToken,
        JSON.stringify(registration.metadata),
        registration.signingKey,
        registration.dpopKey,
        registration.updatedAt,
      ],
    );
  }
}
