import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '@ofs/platform';
import { DEFAULT_BANKS_FILE, loadBanksFile, parseBanks } from './banks-file';
import { banksFileSettings } from './financroo.config';
import { FinancrooEnv } from './financroo.env';

const bank = (overrides: Record<string, unknown> = {}) => ({
  id: 'gobank',
  name: 'Go Bank',
  tenant: 'obgeneric',
  server: 'gobank',
  acp_url: 'https://localhost:8443',
  acp_internal_url: 'https://localhost:8443',
  url: 'https://localhost:8070',
  enable_dcr: true,
  ...overrides,
});

function problem(raw: unknown): string {
  try {
    parseBanks(raw, 'banks.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('accepted');
}

describe('the banks file', () => {
  it('the default file: Go Bank with private_key_jwt + DPoP, Hyperscale Bank with tls_client_auth, per CONTRACT.md', () => {
    expect(loadBanksFile(DEFAULT_BANKS_FILE, banksFileSettings(loadConfig(FinancrooEnv, {})))).toEqual([
      {
        id: 'gobank',
        name: 'Go Bank',
        issuer: 'https://localhost:8443/obgeneric/gobank',
        internalIssuer: 'https://localhost:8443/obgeneric/gobank',
        dataApiUrl: 'https://localhost:8070',
        enableDcr: true,
        clientId: undefined,
        authentication: 'private_key_jwt',
      },
      {
        id: 'hyperscalebank',
        name: 'Hyperscale Bank',
        issuer: 'https://localhost:8443/obgeneric/hyperscalebank',
        internalIssuer: 'https://localhost:8443/obgeneric/hyperscalebank',
        dataApiUrl: 'https://localhost:7070',
        enableDcr: true,
        clientId: undefined,
        authentication: 'tls_client_auth',
      },
    ]);
  });

  it('the default file follows the sandbox ports and host (${NAME} settings); an unknown name is refused', () => {
    const env = loadConfig(FinancrooEnv, {
      AUTH_SERVER_PORT: '9443',
      GO_BANK_PORT: '9070',
      SANDBOX_PUBLIC_HOST: 'sandbox.test',
    });
    const [gobank, hyperscale] = loadBanksFile(DEFAULT_BANKS_FILE, banksFileSettings(env));
    expect([gobank!.issuer, gobank!.dataApiUrl, hyperscale!.dataApiUrl]).toEqual([
      'https://sandbox.test:9443/obgeneric/gobank',
      'https://sandbox.test:9070',
      'https://sandbox.test:7070',
    ]);
    expect(() => loadBanksFile(DEFAULT_BANKS_FILE, {})).toThrow(
      /\$\{SANDBOX_PUBLIC_HOST\} is not a setting it may name/,
    );
  });

  it('without client_authentication: the first bank DPoP, the second mutual TLS', () => {
    const banks = parseBanks({ banks: [bank(), bank({ id: 'other', server: 'other' })] }, 'f');
    expect(banks.map((b) => b.authentication)).toEqual(['private_key_jwt', 'tls_client_auth']);
  });

  it.each([
    [{}, 'banks file banks.json: banks must be an array'],
    [{ banks: [] }, 'banks file banks.json: banks must list at least one bank'],
    [[], 'banks file banks.json must hold a JSON object with a banks array'],
    [
      { banks: [bank(), bank({ acp_url: 'http://localhost:8443' })] },
      'banks file banks.json: banks[1] acp_url must be an https URL like https://localhost:8443',
    ],
    [{ banks: [bank({ id: 'Go Bank' })] }, 'banks[0] id must be lower-case letters, digits and dashes'],
    [{ banks: [bank({ enable_dcr: 'yes' })] }, 'banks[0] enable_dcr must be true or false'],
    [
      { banks: [bank({ url: 'https://bank.example/ x' })] },
      'banks[0] url must be an https URL like https://localhost:8070',
    ],
    [
      { banks: [bank({ client_authentication: 'client_secret_basic' })] },
      'banks[0] client_authentication must be one of private_key_jwt, tls_client_auth',
    ],
    [{ banks: [bank({ enable_dcr: false })] }, 'banks[0] client_id is required when enable_dcr is false'],
    [
      { banks: [bank({ enable_dcr: false, client_id: 'x', client_authentication: 'private_key_jwt' })] },
      'banks[0] client_authentication must be tls_client_auth when enable_dcr is false',
    ],
    [{ banks: [bank(), bank()] }, 'bank id gobank is listed twice'],
  ])('refuses %j with one line naming the bank and field', (raw, message) => {
    const text = problem(raw);
    expect(text).toContain(message);
    expect(text).not.toContain('\n');
  });

  it('a file that is not JSON, or missing, is one clear line', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'banks-'));
    try {
      const file = path.join(dir, 'banks.json');
      writeFileSync(file, '{ banks: ');
      expect(() => loadBanksFile(file)).toThrow(
        new RegExp(`^invalid configuration: banks file ${file} could not be read as JSON \\(`),
      );
      expect(() => loadBanksFile(path.join(dir, 'none.json'))).toThrow(/could not be read as JSON \(ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('FinancrooEnv', () => {
  it('FINANCROO_ENCRYPTION_KEY: 64 hex digits or 43 base64url characters; the value is never echoed', () => {
    expect(loadConfig(FinancrooEnv, { FINANCROO_ENCRYPTION_KEY: 'ab'.repeat(32) }).FINANCROO_ENCRYPTION_KEY).toBe(
      'ab'.repeat(32),
    );
    expect(loadConfig(FinancrooEnv, { FINANCROO_ENCRYPTION_KEY: 'A'.repeat(43) }).FINANCROO_ENCRYPTION_KEY).toBe(
      'A'.repeat(43),
    );
    expect(() => loadConfig(FinancrooEnv, { FINANCROO_ENCRYPTION_KEY: 'secret-but-short' })).toThrow(
      'invalid configuration: FINANCROO_ENCRYPTION_KEY must be 32 bytes as 64 hex digits or 43 base64url characters (got "***")',
    );
  });

  it('defaults: port 8091, the bundled banks file, a key kept under the data folder', () => {
    const env = loadConfig(FinancrooEnv, {});
    expect([env.FINANCROO_PORT, env.FINANCROO_BANKS_FILE, env.FINANCROO_ENCRYPTION_KEY]).toEqual([
      8091,
      undefined,
      undefined,
    ]);
  });
});
