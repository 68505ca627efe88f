import * as https from 'node:https';
import { ConsentStorageClient, type ConsentDto } from '@ofs/consent-store';
import * as oauth from 'oauth4webapi';
import { TestBrowser } from '../../auth-server/test/browser';
import {
  clientAssertion,
  createClient,
  dpopKey,
  dpopProof,
  type TestClient,
} from '../../auth-server/test/client-fixtures';
import type { ConsentStorageHarness } from './consent-storage-harness';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const REDIRECT_URI = 'https://tpp.example/cb';
export type Bank = 'gobank' | 'hyperscalebank';
/** The bank's own client and certificate (tls_client_auth) at its server. */
const BANK_CLIENT: Record<Bank, { clientId: string; certificate: string }> = {
  gobank: { clientId: 'gobank-bank', certificate: 'go-bank' },
  hyperscalebank: { clientId: 'hyperscalebank-bank', certificate: 'hyperscale-bank' },
};

export interface NewConsent {
  subject?: string;
  client_name?: string;
  account_ids?: string[];
  status?: 'authorized' | 'rejected';
}

/**
 * What a bank does around consent-admin, through the real APIs: Go Bank records consents in consent-admin's storage
 * API (as gobank-bank), Hyperscale Bank in its identity pool (as hyperscalebank-bank); a TPP (a DCR client of each
 * bank, private_key_jwt + DPoP) gets tokens under a consent through a real authorization-code flow whose login the
 * bank accepts through the system API with the consent's id; a resource server introspects them.
 */
export class BankFixtures {
  readonly tpps = new Map<Bank, TestClient>();
  private readonly introspectors = new Map<Bank, TestClient>();
  private goBank!: ConsentStorageClient;

  constructor(private readonly h: ConsentStorageHarness) {}

  async init(): Promise<this> {
    this.goBank = new ConsentStorageClient({
      baseUrl: this.h.consentAdminBase,
      clientId: 'gobank-bank',
      tokenEndpoint: `${this.h.asMtlsBase}/obgeneric/gobank/oauth2/token`,
      tls: { ca: this.h.pki.ca, ...this.h.certificate('go-bank') },
    });
    for (const bank of ['gobank', 'hyperscalebank'] as const) {
      this.tpps.set(bank, await this.newTpp(bank, 'Financroo'));
      this.introspectors.set(bank, await createClient(this.h.asApp, { scope: 'introspect_tokens' }, bank));
    }
    return this;
  }

  close(): void {
    this.goBank?.close();
  }

  issuer(bank: Bank): string {
    return `${this.h.asPublicBase}/obgeneric/${bank}`;
  }

  newTpp(bank: Bank, clientName: string): Promise<TestClient> {
    return createClient(
      this.h.asApp,
      {
        client_name: clientName,
        grant_types: ['authorization_code', 'refresh_token'],
        redirect_uris: [REDIRECT_URI],
        scope: 'openid accounts offline_access',
      },
      bank,
    );
  }

  /** A consent of `tpp` (default: the bank's Financroo), recorded where the bank keeps its consents. */
  async consent(bank: Bank, input: NewConsent = {}, tpp: TestClient = this.tpps.get(bank)!): Promise<ConsentDto> {
    const attributes = {
      subject: input.subject ?? 'user',
      client_id: tpp.clientId,
      client_name: input.client_name ?? 'Financroo',
      status: input.status ?? 'authorized',
      granted_scopes: ['openid', 'accounts', 'offline_access'],
      account_ids: input.account_ids ?? ['96534987', '1000001'],
      authorization_details: [
        {
          type: 'account_information',
          accounts: input.account_ids ?? ['96534987', '1000001'],
          permissions: ['ReadAccountsBasic', 'ReadBalances'],
        },
      ],
    };
    if (bank === 'gobank') return this.goBank.create(attributes);
    const now = new Date().toISOString();
    const res = await this.h.request({
      url: `${this.h.asMtlsBase}/api/system/obgeneric/pools/hyperscalebank-consents/records`,
      json: { attributes: { ...attributes, created_at: now, updated_at: now } },
      headers: { Authorization: `Bearer ${await this.systemToken(bank, 'manage_identity_pools')}` },
      certificate: this.h.certificate('hyperscale-bank'),
    });
    if (res.status !== 201) throw new Error(`pool record not created: ${res.status} ${res.text}`);
    return { ...attributes, id: res.body.id as string, bank } as unknown as ConsentDto;
  }

  /** A customer of both banks' login pages (the obgeneric-customers pool), with the sandbox password. */
  async customer(username: string): Promise<void> {
    const res = await this.h.request({
      url: `${this.h.asMtlsBase}/api/system/obgeneric/pools/obgeneric-customers/records`,
      json: { attributes: { username, name: username }, password: 'p@ssword!' },
      headers: { Authorization: `Bearer ${await this.systemToken('hyperscalebank', 'manage_identity_pools')}` },
      certificate: this.h.certificate('hyperscale-bank'),
    });
    if (res.status !== 201) throw new Error(`customer not created: ${res.status} ${res.text}`);
  }

  /** client_credentials over mutual TLS as the bank's own client: a certificate-bound token. */
  async systemToken(bank: Bank, scope: string): Promise<string> {
    const { clientId, certificate } = BANK_CLIENT[bank];
    const res = await this.h.request({
      url: `${this.h.asMtlsBase}/obgeneric/${bank}/oauth2/token`,
      form: { grant_type: 'client_credentials', client_id: clientId, scope },
      certificate: this.h.certificate(certificate),
    });
    if (res.status !== 200) throw new Error(`no system token: ${res.status} ${res.text}`);
    return res.body.access_token as string;
  }

  /** The TPP's tokens under `consentId`: PAR, the customer's login, the bank accepting it with the consent's id. */
  async tokensUnder(
    bank: Bank,
    consentId: string,
    tpp: TestClient = this.tpps.get(bank)!,
  ): Promise<{ access_token: string; refresh_token: string }> {
    const h = this.h;
    const issuer = this.issuer(bank);
    const key = await dpopKey();
    const verifier = oauth.generateRandomCodeVerifier();
    const challenge = await oauth.calculatePKCECodeChallenge(verifier);
    const post = async (path: string, form: Record<string, string>, htu: string, nonce?: string) =>
      fetch(`${h.asLocalBase}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          DPoP: await dpopProof(key, 'POST', htu, nonce ? { nonce } : {}),
        },
        body: new URLSearchParams({
          ...form,
          client_assertion_type: JWT_BEARER,
          client_assertion: await clientAssertion(tpp, issuer),
        }),
      });
    const withNonce = async (send: (nonce?: string) => Promise<Response>) => {
      const first = await send();
      if (first.status !== 400) return first;
      const nonce = first.headers.get('dpop-nonce');
      return nonce ? send(nonce) : first;
    };
    const par = await withNonce((nonce) =>
      post(
        `/obgeneric/${bank}/par`,
        {
          response_type: 'code',
          redirect_uri: REDIRECT_URI,
          scope: 'openid accounts offline_access',
          code_challenge: challenge,
          code_challenge_method: 'S256',
        },
        `${issuer}/par`,
        nonce,
      ),
    );
    const requestUri = ((await par.json()) as { request_uri: string }).request_uri;
    const browser = new TestBrowser(h.asLocalBase, h.asPublicBase);
    const start = await browser.get(
      `${issuer}/oauth2/authorize?client_id=${tpp.clientId}&request_uri=${encodeURIComponent(requestUri)}`,
    );
    const login = await browser.post(start.headers.get('location')!, { username: 'user', password: 'p@ssword!' });
    const handOff = new URL(login.headers.get('location')!);
    const accepted = await h.request({
      url: `${h.asMtlsBase}/api/system/obgeneric/servers/${bank}/logins/${handOff.searchParams.get('login_id')}/accept`,
      json: {
        login_state: handOff.searchParams.get('login_state'),
        granted_scopes: ['openid', 'accounts', 'offline_access'],
        consent_id: consentId,
      },
      headers: { Authorization: `Bearer ${await this.systemToken(bank, 'manage_logins')}` },
      certificate: h.certificate(BANK_CLIENT[bank].certificate),
    });
    if (accepted.status !== 200) throw new Error(`login not accepted: ${accepted.status} ${accepted.text}`);
    const callback = (await browser.follow(await browser.get(accepted.body.redirect_to as string))) as URL;
    const tokens = await withNonce((nonce) =>
      post(
        `/obgeneric/${bank}/oauth2/token`,
        {
          grant_type: 'authorization_code',
          code: callback.searchParams.get('code')!,
          redirect_uri: REDIRECT_URI,
          code_verifier: verifier,
        },
        `${issuer}/oauth2/token`,
        nonce,
      ),
    );
    if (tokens.status !== 200) throw new Error(`no tokens: ${tokens.status} ${await tokens.text()}`);
    return (await tokens.json()) as { access_token: string; refresh_token: string };
  }

  /** RFC 7662 at the bank's server, as a resource server of that bank sees the token. */
  async introspect(bank: Bank, token: string): Promise<Record<string, unknown>> {
    const res = await fetch(`${this.h.asLocalBase}/obgeneric/${bank}/oauth2/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token,
        client_assertion_type: JWT_BEARER,
        client_assertion: await clientAssertion(this.introspectors.get(bank)!, this.issuer(bank)),
      }),
    });
    return (await res.json()) as Record<string, unknown>;
  }
}

export interface WebAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The redirect target, absolute. */
  location?: string;
}

/**
 * A browser's HTTP behaviour over the sandbox's TLS (trusting its CA only), for pages across the apps' ports: one
 * cookie jar for `localhost` (browsers share cookies across a host's ports), redirects followed on request.
 */
export class WebClient {
  readonly cookies = new Map<string, string>();

  constructor(private readonly ca: string) {}

  get(url: string): Promise<WebAnswer> {
    return this.send('GET', url);
  }

  post(url: string, form: Record<string, string>): Promise<WebAnswer> {
    return this.send('POST', url, new URLSearchParams(form).toString());
  }

  /** Follows redirects (303/302) from `answer` until a page. */
  async follow(answer: WebAnswer): Promise<WebAnswer & { url?: string }> {
    let current: WebAnswer & { url?: string } = answer;
    for (let i = 0; i < 15 && current.location; i++) {
      const url = current.location;
      current = { ...(await this.get(url)), url };
    }
    return current;
  }

  /** The CSRF token of the first form on a page. */
  static csrf(page: WebAnswer): string {
    const match = /name="_csrf" value="([^"]+)"/.exec(page.text);
    if (!match) throw new Error(`no CSRF token on the page: ${page.text.slice(0, 300)}`);
    return match[1]!;
  }

  private send(method: string, url: string, body?: string): Promise<WebAnswer> {
    const target = new URL(url);
    const headers: Record<string, string> = {};
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    return new Promise((resolve, reject) => {
      const req = https.request(
        {
          host: '127.0.0.1',
          port: Number(target.port),
          servername: target.hostname,
          ca: this.ca,
          agent: false,
          method,
          path: target.pathname + target.search,
          headers,
        },
        (res) => {
          for (const set of [res.headers['set-cookie'] ?? []].flat()) {
            const [pair] = set.split(';');
            const index = pair!.indexOf('=');
            const name = pair!.slice(0, index);
            const value = pair!.slice(index + 1);
            if (/Max-Age=0/i.test(set) || value === '') this.cookies.delete(name);
            else this.cookies.set(name, value);
          }
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            const location = res.headers.location ? new URL(res.headers.location, target).href : undefined;
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, location });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}
