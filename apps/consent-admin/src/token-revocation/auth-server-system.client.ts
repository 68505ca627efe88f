import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { RUNTIME_CONFIG, type RuntimeConfig, HttpsClient } from '@ofs/platform';
import { ClientCredentialsTokenSource } from '@ofs/resource-server';
import type { ConsentAdminEnv } from '../config/consent-admin.env';
import { goBankAuthServer, type GoBankAuthServer } from '../config/consent-admin.config';

/** The authorization server did not confirm a token revocation; the outbox tries again later. */
export class TokenRevocationFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenRevocationFailedError';
  }
}

/**
 * The gobank server's system API as consent-admin's client `gobank-consent-storage` calls it: a
 * certificate-bound token (client credentials, tls_client_auth) on the mutual-TLS port.
 */
@Injectable()
export class AuthServerSystemClient implements OnModuleDestroy {
  private readonly as: GoBankAuthServer;
  private readonly http: HttpsClient;
  private readonly tokens: ClientCredentialsTokenSource;

  constructor(@Inject(RUNTIME_CONFIG) config: RuntimeConfig<ConsentAdminEnv>) {
    this.as = goBankAuthServer(config);
    this.http = new HttpsClient(this.as.tls);
    this.tokens = new ClientCredentialsTokenSource({
      tokenEndpoint: this.as.tokenEndpoint,
      clientId: this.as.clientId,
      scope: 'revoke_tokens',
      http: this.http,
    });
  }

  /** `DELETE /api/system/obgeneric/servers/gobank/tokens?consent_id=…` (scope revoke_tokens): 204, or throws. */
  async revokeConsentTokens(consentId: string): Promise<void> {
    let res;
    let token: string | undefined;
    try {
      token = await this.tokens.accessToken();
      res = await this.http.request({
        method: 'DELETE',
        url: `${this.as.revokeConsentTokensUrl}?consent_id=${encodeURIComponent(consentId)}`,
        headers: { authorization: `Bearer ${token}` },
      });
    } catch (e) {
      throw new TokenRevocationFailedError((e as Error).message);
    }
    if (res.status === 204) return;
    if (res.status === 401) this.tokens.invalidate(token);
    throw new TokenRevocationFailedError(`the authorization server answered ${res.status} ${res.text.slice(0, 200)}`);
  }

  onModuleDestroy(): void {
    this.http.close();
  }
}
