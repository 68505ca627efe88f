import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock } from '@ofs/platform';
import { DataSource } from 'typeorm';
import { AuthServerSystemClient } from './auth-server-system.client';
import { nextAttemptAt } from './backoff';
import { TokenRevocationOutboxRepository } from './token-revocation-outbox.repository';

const POLL_MS = 1_000;

/** Whether this listener's worker polls the outbox (one poller per process is enough; default true). */
export const OUTBOX_POLLING = Symbol('OUTBOX_POLLING');
const BATCH = 20;
/** A pass stops after this many full batches (the next poll goes on). */
const MAX_BATCHES_PER_PASS = 50;

/**
 * Delivers the token-revocation outbox to the authorization server: rows due now are claimed with
 * `FOR UPDATE SKIP LOCKED` (so several processes never deliver one row twice), each call's outcome is
 * recorded in the same transaction, and a failure is retried with exponential backoff. Rows live in the
 * database, so what a crash or restart interrupted is delivered once the app is back.
 */
@Injectable()
export class TokenRevocationWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('TokenRevocationWorker');
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: TokenRevocationOutboxRepository,
    private readonly authServer: AuthServerSystemClient,
    private readonly clock: Clock,
    @Optional() @Inject(OUTBOX_POLLING) private readonly polling: boolean = true,
  ) {}

  onApplicationBootstrap(): void {
    if (this.polling) this.schedule();
  }

  /** Before the database closes: no new pass, and the ones under way finish. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.idle();
  }

  /**
   * One pass: delivers the rows due at `now` (of `consentIds` only, when given), a batch per transaction until
   * none is left, and returns how many it delivered. Tests pass `now` to step past a backoff without waiting.
   */
  async deliverDue(now: Date = this.clock.now(), consentIds?: readonly string[], waitForHeld = false): Promise<number> {
    let delivered = 0;
    for (let round = 0; round < MAX_BATCHES_PER_PASS; round++) {
      const batch = await this.deliverBatch(now, consentIds, waitForHeld);
      delivered += batch.delivered;
      if (batch.claimed < BATCH) break;
    }
    return delivered;
  }

  /** Claims up to BATCH due rows, calls the authorization server for all of them at once, records each outcome. */
  private deliverBatch(
    now: Date,
    consentIds: readonly string[] | undefined,
    waitForHeld: boolean,
  ): Promise<{ claimed: number; delivered: number }> {
    return this.db.transaction(async (em) => {
      const rows = await this.outbox.claimDue(em, now, BATCH, consentIds, waitForHeld);
      const failures = await Promise.all(
        rows.map((row) =>
          this.authServer.revokeConsentTokens(row.consentId).then(
            () => undefined,
            (e: unknown) => (e instanceof Error ? e.message : String(e)),
          ),
        ),
      );
      let delivered = 0;
      for (const [i, row] of rows.entries()) {
        const attempts = row.attempts + 1;
        const error = failures[i];
        if (error === undefined) {
          await this.outbox.markDelivered(em, row.id, attempts, this.clock.now());
          delivered++;
        } else {
          await this.outbox.markFailed(em, row.id, attempts, nextAttemptAt(attempts, now), error);
          this.logger.warn({ consent_id: row.consentId, attempts, error }, 'token revocation not delivered yet');
        }
      }
      return { claimed: rows.length, delivered };
    });
  }

  /**
   * Right after a revocation commits: its rows go out now, not at the next poll. A row the poller holds at that
   * moment is waited for, so when this resolves each row has had its first attempt.
   */
  deliverNow(consentIds: readonly string[]): Promise<number> {
    const pass = this.deliverDue(this.clock.now(), consentIds, true);
    this.track(pass);
    return pass;
  }

  /** Resolves once the passes under way now have finished. */
  async idle(): Promise<void> {
    await Promise.all([...this.running].map((pass) => pass.catch(() => undefined)));
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      const pass = this.deliverDue().catch((e: unknown) => this.logger.error({ err: e }, 'outbox pass failed'));
      this.track(pass);
      void pass.finally(() => this.schedule());
    }, POLL_MS);
    this.timer.unref();
  }

  private track(pass: Promise<unknown>): void {
    this.running.add(pass);
    void pass.catch(() => undefined).finally(() => this.running.delete(pass));
  }
}
