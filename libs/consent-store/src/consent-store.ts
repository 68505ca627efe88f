import type {
  ConsentDto,
  ConsentPageDto,
  CreateConsentRequestDto,
  ListConsentsQueryDto,
  RevokeClientConsentsResponseDto,
} from './consent.dto';

/** Why a consent store refused or failed a call. */
export type ConsentStoreErrorKind = 'not_found' | 'conflict' | 'invalid_request' | 'unauthorized' | 'unavailable';

export class ConsentStoreError extends Error {
  constructor(
    readonly kind: ConsentStoreErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ConsentStoreError';
  }
}

/** A bank's consents, wherever they are kept (Go Bank: the consent storage API of consent-admin). */
export interface ConsentStore {
  create(request: CreateConsentRequestDto): Promise<ConsentDto>;
  /** undefined for an unknown id. */
  get(id: string): Promise<ConsentDto | undefined>;
  list(query?: ListConsentsQueryDto): Promise<ConsentPageDto>;
  /** `not_found` for an unknown id, `conflict` when it is not authorized (already revoked, or rejected). */
  revoke(id: string, revokedBy?: string): Promise<ConsentDto>;
  revokeAllOfClient(clientId: string, revokedBy?: string): Promise<RevokeClientConsentsResponseDto>;
}
