import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { sandboxRequest } from './support/sandbox-https';
import { type PortSetting, startScratchSandbox, type ScratchSandbox } from './support/sandbox-process';
import { useBuiltInConsentPage } from './support/sandbox-admin';

/*
 * The authorization server's hosted pages in a real browser (Debian's Chromium, driven by playwright-core) over
 * the sandbox's real TLS, as `npm start` runs it: CONTRACT.md's login ids and error text, keyboard use, the
 * built-in consent page, and the redirect back to the client with a code and `iss`.
 */
jest.setTimeout(180_000);

describe('hosted login and consent pages in Chromium', () => {
  let dataDir: string;
  let ports: Record<PortSetting, number>;
  let sandbox: ScratchSandbox;
  let browser: Browser;
  let issuer: string;
  let ca: Buffer;

  beforeAll(async () => {
    sandbox = await startScratchSandbox('browser', { apps: ['auth-server'] });
    ({ dataDir, ports } = sandbox);
    // These tests are about the authorization server alone: its built-in consent page, not the banks' own.
    for (const server of ['gobank', 'hyperscalebank'])
      await useBuiltInConsentPage(dataDir, ports.AUTH_SERVER_MTLS_PORT, server);
    issuer = `https://localhost:${ports.AUTH_SERVER_PORT}/obgeneric/gobank`;
    ca = readFileSync(path.join(dataDir, 'pki', 'ca.pem'));
    browser = await launchChromium(path.join(dataDir, 'pki'));
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
  });

  const post = (url: string, body: string, type: string) => sandboxRequest(url, { ca, body, type });

  /** A client registered by DCR, then a pushed request (PKCE): the URL a TPP sends the browser to. */
  async function authorizationUrl(): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', use: 'sig', alg: 'ES256' };
    const registered = await post(
      `${issuer}/oauth2/register`,
      JSON.stringify({
        client_name: 'Browser Test TPP',
        redirect_uris: ['https://tpp.example/callback'],
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [jwk] },
        grant_types: ['authorization_code'],
        response_types: ['code'],
        scope: 'openid accounts',
      }),
      'application/json',
    );
    expect(registered.status).toBe(201);
    const clientId = registered.json.client_id as string;
    const assertion = await assertionOf(clientId, privateKey);
    const verifier = randomBytes(32).toString('base64url');
    const pushed = await post(
      `${issuer}/par`,
      new URLSearchParams({
        client_id: clientId,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
        response_type: 'code',
        redirect_uri: 'https://tpp.example/callback',
        scope: 'openid accounts',
        state: 'browser-state',
        nonce: randomUUID(),
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
      }).toString(),
      'application/x-www-form-urlencoded',
    );
    expect(pushed.status).toBe(201);
    return `${issuer}/oauth2/authorize?client_id=${clientId}&request_uri=${encodeURIComponent(pushed.json.request_uri as string)}`;
  }

  function assertionOf(clientId: string, key: CryptoKey): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: clientId, sub: clientId, aud: issuer, jti: randomUUID(), iat: now, exp: now + 60 })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .sign(key);
  }

  it('signs in (a wrong password first), consents, and comes back to the client with a code and iss', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    let callback: URL | undefined;
    await page.route('https://tpp.example/**', (route) => {
      callback = new URL(route.request().url());
      return route.fulfill({ status: 200, contentType: 'text/plain', body: 'TPP callback' });
    });

    await page.goto(await authorizationUrl());
    expect(await page.getAttribute('#text-field-username-input', 'name')).toBe('username');
    expect(await page.getAttribute('#text-field-password-input', 'type')).toBe('password');
    // Registered by open DCR: the page says the name is self-asserted and shows where the browser will return.
    expect(await page.textContent('#self-registered')).toContain('This application registered itself');
    expect(await page.textContent('#client-identity')).toContain('tpp.example');

    // Keyboard only: the username field has focus, Tab reaches the password, Enter submits.
    await page.keyboard.type('user');
    await page.keyboard.press('Tab');
    await page.keyboard.type('wrong-password');
    await page.keyboard.press('Enter');
    await page.waitForLoadState();
    expect(await page.textContent('body')).toContain('Invalid login or password');

    await page.fill('#text-field-password-input', 'p@ssword!');
    await page.click('button[type=submit]');
    await page.waitForSelector('button[name=action][value=confirm]');
    expect(await page.textContent('body')).toContain('Browser Test TPP');
    await page.click('button[name=action][value=confirm]');
    await page.waitForURL('https://tpp.example/**');

    expect(callback?.searchParams.get('state')).toBe('browser-state');
    expect(callback?.searchParams.get('iss')).toBe(issuer);
    expect(callback?.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    await context.close();
  });
});
