import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { publicUrl, RUNTIME_CONFIG, type RuntimeConfig, HttpsClient } from '@ofs/platform';
import { ClientCredentialsTokenSource } from '@ofs/resource-server';
import { goBankAuthServer, hyperscaleConsentPool, type BankId } from '../config/consent-admin.config';
import type { ConsentAdminEnv } from '../config/consent-admin.env';

/** One event of a consent's story, as the authorization server's audit trail records it. */
export interface TimelineEvent {
  time: string;
  type: string;
  outcome: 'success' | 'failure' | 'refused';
  client_id: string | null;
  detail: Record<string, unknown>;
}

/** What the console can say of a consent's story: the events (oldest first), or why it cannot tell. */
export type ConsentTimeline = { events: TimelineEvent[]; more: boolean } | { unavailable: string };

const MAX_EVENTS = 50;

/**
 * A consent's timeline from the audit trail of its bank's server (`GET …/audit-events?consent_id=`, system scope
 * read_audit), read with consent-admin's storage client of that server: a certificate-bound token on the
 * mutual-TLS port.
 */
@Injectable()
export class ConsentTimelineClient implements OnModuleDestroy {
  private readonly logger = new Logger('ConsentTimelineClient');
  private readonly http: HttpsClient;
  private readonly servers: Record<BankId, { tokens: ClientCredentialsTokenSource; eventsUrl: string }>;

  constructor(@Inject(RUNTIME_CONFIG) config: RuntimeConfig<ConsentAdminEnv>) {
    const gobank = goBankAuthServer(config);
    const hyperscale = hyperscaleConsentPool(config);
    this.http = new HttpsClient(gobank.tls);
    const env = config.env;
    const mtlsBase = env.AUTH_SERVER_MTLS_URL ?? publicUrl(env, env.AUTH_SERVER_MTLS_PORT);
    const source = (tokenEndpoint: string, clientId: string, server: BankId) => ({
      tokens: new ClientCredentialsTokenSource({ tokenEndpoint, clientId, scope: 'read_audit', http: this.http }),
      eventsUrl: `${mtlsBase}/api/system/obgeneric/servers/${server}/audit-events`,
    });
    this.servers = {
      gobank: source(gobank.tokenEndpoint, gobank.clientId, 'gobank'),
      hyperscalebank: source(hyperscale.tokenEndpoint, hyperscale.clientId, 'hyperscalebank'),
    };
  }

  async timeline(bank: BankId, consentId: string): Promise<ConsentTimeline> {
    const server = this.servers[bank];
    try {
      const token = await server.tokens.accessToken();
      const query = new URLSearchParams({ consent_id: consentId, limit: String(MAX_EVENTS) });
      const res = await this.http.request({
        method: 'GET',
        url: `${server.eventsUrl}?${query.toString()}`,
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.status === 401) server.tokens.invalidate(token);
      if (res.status !== 200) return { unavailable: `the authorization server answered ${res.status}` };
      const body = res.body as { events: TimelineEvent[]; next_cursor?: string };
      return { events: [...body.events].reverse(), more: body.next_cursor !== undefined };
    } catch (e) {
      this.logger.warn({ err: e, bank }, 'audit trail unavailable');
      return { unavailable: 'the authorization server cannot be reached' };
    }
  }

  onModuleDestroy(): void {
    this.http.close();
  }
}
