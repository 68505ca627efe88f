import type { ConsentDto, ConsentStorageClient } from '@ofs/consent-store';
import type { BankConsent, BankConsentStore, NewBankConsent } from './bank-consent-store';

/** Go Bank's adapter: consent-admin's consent storage API through {@link ConsentStorageClient}. */
export class ConsentStorageConsentStore implements BankConsentStore {
  constructor(private readonly client: ConsentStorageClient) {}

  async create(consent: NewBankConsent): Promise<BankConsent> {
    return toBankConsent(await this.client.create({ ...consent }));
  }

  async get(id: string): Promise<BankConsent | undefined> {
    const consent = await this.client.get(id);
    return consent && toBankConsent(consent);
  }

  async revoke(id: string, revokedBy: string): Promise<void> {
    await this.client.revoke(id, revokedBy);
  }

  close(): void {
    this.client.close();
  }
}

function toBankConsent(dto: ConsentDto): BankConsent {
  return {
    id: dto.id,
    subject: dto.subject,
    client_id: dto.client_id,
    client_name: dto.client_name,
    status: dto.status,
    granted_scopes: dto.granted_scopes,
    account_ids: dto.account_ids,
    authorization_details: dto.authorization_details,
  };
}
