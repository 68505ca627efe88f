import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@ofs/platform';
import { DataSource } from 'typeorm';
import { AuditEventRepository } from '../audit/audit-event.repository';
import { AuthorizationCodeRepository } from '../authorize/authorization-code.repository';
import type { AuthServerEnv } from '../config/auth-server.env';
import { Clock } from '../common/clock';
import { INTERACTION_TTL_SECONDS } from '../interaction/interaction.service';
import { InteractionRepository } from '../interaction/interaction.repository';
import { PushedRequestRepository } from '../par/pushed-request.repository';
import { ReplayJtiRepository } from '../replay/replay-jti.repository';
import { TokenRepository } from '../token-store/token.repository';
import { tryAdvisoryXactLock } from '../database/advisory-lock';

/** How often expired rows are swept. */
export const SWEEP_INTERVAL_MS = 60_000;
/**
 * How long a row is kept past its expiry. Longer than a login may run (a pushed request's interactions outlive
 * its own 90 s), and long enough that a reused code or refresh token past expiry still meets its record for a while.
 */
export const RETENTION_SECONDS = Math.max(3_600, INTERACTION_TTL_SECONDS * 2);

export interface SweepResult {
  /** False when another process was sweeping at that moment (it does the work). */
  swept: boolean;
  deleted: Record<
    'replay_jti' | 'interaction' | 'pushed_request' | 'authorization_code' | 'token' | 'audit_event',
    number
  >;
}

/**
 * Deletes what has expired (replay records, logins, pushed requests, codes, tokens) and audit events past their
 * retention (AUTH_SERVER_AUDIT_RETENTION_DAYS), once a minute, in one process
 * at a time (a transaction-scoped advisory lock per schema). Without it those tables only ever grow.
 */
@Injectable()
export class Housekeeping implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(Housekeeping.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    /** For the sweep's transaction only: the statements are the repositories'. */
    @InjectDataSource() private readonly db: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig<AuthServerEnv>,
    private readonly clock: Clock,
    private readonly replayKeys: ReplayJtiRepository,
    private readonly interactions: InteractionRepository,
    private readonly pushedRequests: PushedRequestRepository,
    private readonly codes: AuthorizationCodeRepository,
    private readonly tokens: TokenRepository,
    private readonly audit: AuditEventRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep(this.clock.now())
        .catch((e: Error) => this.logger.warn(`sweeping expired rows failed: ${e.message}`))
        .finally(() => (this.running = undefined));
    }, SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async sweep(now: Date): Promise<SweepResult> {
    const before = new Date(now.getTime() - RETENTION_SECONDS * 1000);
    return this.db.transaction(async (tx) => {
      const locked = await tryAdvisoryXactLock(tx, `ofs_housekeeping ${this.config.database.schema}`);
      const deleted: SweepResult['deleted'] = {
        replay_jti: 0,
        interaction: 0,
        pushed_request: 0,
        authorization_code: 0,
        token: 0,
        audit_event: 0,
      };
      if (!locked) return { swept: false, deleted };
      // A replay record is needed until the value it guards would be refused as too old anyway.
      deleted.replay_jti = await this.replayKeys.deleteExpired(tx, now);
      deleted.interaction = await this.interactions.deleteExpired(tx, before);
      deleted.pushed_request = await this.pushedRequests.deleteExpired(tx, before);
      deleted.authorization_code = await this.codes.deleteExpired(tx, before);
      deleted.token = await this.tokens.deleteExpired(tx, before);
      const retentionMs = this.config.env.AUTH_SERVER_AUDIT_RETENTION_DAYS * 86_400_000;
      deleted.audit_event = await this.audit.deleteOlderThan(tx, new Date(now.getTime() - retentionMs));
      const total = Object.values(deleted).reduce((a, b) => a + b, 0);
      if (total > 0) this.logger.log(`swept ${total} expired rows ${JSON.stringify(deleted)}`);
      return { swept: true, deleted };
    });
  }
}
