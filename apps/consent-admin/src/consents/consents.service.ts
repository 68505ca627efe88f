import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  ConsentDto,
  ConsentPageDto,
  CreateConsentRequestDto,
  ListConsentsQueryDto,
  RevokeClientConsentsResponseDto,
} from '@ofs/consent-store';
import { Clock } from '@ofs/platform';
import { DataSource } from 'typeorm';
import { TokenRevocationOutboxRepository } from '../token-revocation/token-revocation-outbox.repository';
import type { TokenRevocationOutboxEntity } from '../token-revocation/token-revocation-outbox.entity';
import { TokenRevocationWorker } from '../token-revocation/token-revocation.worker';
import { ConsentEntity } from './consent.entity';
import { ConsentError } from './consent.error';
import { ConsentRepository } from './consent.repository';
import { decodeCursor, encodeCursor } from './consent-cursor';

const DEFAULT_PAGE = 50;

/** A bank's consents: record, read, search, revoke (with the revocation of their tokens queued in the same transaction). */
@Injectable()
export class ConsentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly consents: ConsentRepository,
    private readonly outbox: TokenRevocationOutboxRepository,
    private readonly worker: TokenRevocationWorker,
    private readonly clock: Clock,
  ) {}

  async create(bank: string, request: CreateConsentRequestDto): Promise<ConsentDto> {
    const now = this.clock.now();
    const consent = Object.assign(new ConsentEntity(), {
      id: randomBytes(18).toString('base64url'),
      bank,
      subject: request.subject,
      clientId: request.client_id,
      clientName: request.client_name,
      status: request.status ?? 'authorized',
      grantedScopes: [...new Set(request.granted_scopes)],
      accountIds: [...new Set(request.account_ids)],
      authorizationDetails: request.authorization_details ?? [],
      createdAt: now,
      updatedAt: now,
      revokedAt: null,
      revokedBy: null,
    });
    await this.consents.insert(consent);
    return toDto(consent);
  }

  async get(bank: string, id: string): Promise<ConsentDto> {
    const consent = await this.consents.findOfBank(bank, id);
    if (!consent) throw notFound(id);
    return (await this.withRevocations([consent]))[0]!;
  }

  async list(bank: string, query: ListConsentsQueryDto): Promise<ConsentPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const page = await this.consents.searchOfBank(
      bank,
      {
        subject: query.subject,
        clientId: query.client_id,
        accountId: query.account_id,
        status: query.status,
        createdFrom: query.created_from === undefined ? undefined : new Date(query.created_from),
        createdTo: query.created_to === undefined ? undefined : new Date(query.created_to),
      },
      limit + 1,
      query.cursor === undefined ? undefined : decodeCursor(query.cursor),
    );
    const consents = page.slice(0, limit);
    const last = consents[consents.length - 1];
    return {
      consents: await this.withRevocations(consents),
      next_cursor: page.length > limit && last ? encodeCursor(last) : null,
    };
  }

  /**
   * Authorized → revoked, and the revocation of its tokens queued, in one transaction; then one delivery attempt
   * right away, waited for at most 2 s (the answer says whether it is still pending). 404 unknown, 409 when not
   * authorized.
   */
  async revoke(bank: string, id: string, revokedBy: string): Promise<ConsentDto> {
    const now = this.clock.now();
    await this.db.transaction(async (em) => {
      const revoked = await this.consents.revokeIfAuthorized(em, bank, id, revokedBy, now);
      if (!revoked) {
        const existing = await this.consents.findOfBank(bank, id, em);
        if (!existing) throw notFound(id);
        throw new ConsentError(
          'consent_not_revocable',
          existing.status === 'revoked'
            ? 'the consent is already revoked'
            : `a ${existing.status} consent has no access to revoke`,
        );
      }
      await this.outbox.enqueue(em, bank, [id], now);
    });
    await deliveredOrLater(this.worker.deliverNow([id]));
    return this.get(bank, id);
  }

  /** Every authorized consent of one TPP, as {@link revoke} does one (one outbox row per consent, delivered in the background). */
  async revokeAllOfClient(bank: string, clientId: string, revokedBy: string): Promise<RevokeClientConsentsResponseDto> {
    const now = this.clock.now();
    const ids = await this.db.transaction(async (em) => {
      const revoked = await this.consents.revokeAuthorizedOfClient(em, bank, clientId, revokedBy, now);
      await this.outbox.enqueue(em, bank, revoked, now);
      return revoked;
    });
    if (ids.length) void this.worker.deliverNow(ids).catch(() => undefined);
    return { client_id: clientId, revoked_consent_ids: ids };
  }

  private async withRevocations(consents: ConsentEntity[]): Promise<ConsentDto[]> {
    const revoked = consents.filter((c) => c.status === 'revoked').map((c) => c.id);
    const rows = await this.outbox.latestOf(revoked);
    return consents.map((c) => toDto(c, rows.get(c.id)));
  }
}

/**
 * How long a revocation waits for the delivery it attempts at once: a slow authorization server must not hold the
 * answer past a caller's timeout (the revocation is committed either way; the answer then says "pending").
 */
const DELIVERY_WAIT_MS = 2_000;

async function deliveredOrLater(delivery: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const later = new Promise<void>((resolve) => (timer = setTimeout(resolve, DELIVERY_WAIT_MS)));
  try {
    await Promise.race([
      delivery.then(
        () => undefined,
        () => undefined,
      ),
      later,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function notFound(id: string): ConsentError {
  return new ConsentError('consent_not_found', `no consent ${id}`);
}

function toDto(c: ConsentEntity, revocation?: TokenRevocationOutboxEntity): ConsentDto {
  return {
    id: c.id,
    bank: c.bank,
    subject: c.subject,
    client_id: c.clientId,
    client_name: c.clientName,
    status: c.status,
    granted_scopes: c.grantedScopes,
    account_ids: c.accountIds,
    authorization_details: c.authorizationDetails,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
    revoked_at: c.revokedAt?.toISOString() ?? null,
    revoked_by: c.revokedBy,
    token_revocation: revocation
      ? {
          status: revocation.deliveredAt ? 'done' : 'pending',
          attempts: revocation.attempts,
          next_attempt_at: revocation.deliveredAt ? null : revocation.nextAttemptAt.toISOString(),
          last_error: revocation.lastError,
          done_at: revocation.deliveredAt?.toISOString() ?? null,
        }
      : null,
  };
}
