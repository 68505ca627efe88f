export {
  CONSENT_STATUSES,
  ConsentDto,
  ConsentPageDto,
  CreateConsentRequestDto,
  ListConsentsQueryDto,
  RevokeClientConsentsRequestDto,
  RevokeClientConsentsResponseDto,
  RevokeConsentRequestDto,
  TokenRevocationDto,
  type ConsentStatus,
} from './consent.dto';
export { ConsentStoreError, type ConsentStore, type ConsentStoreErrorKind } from './consent-store';
export { ConsentStorageClient, type ConsentStorageClientOptions } from './consent-storage.client';
