import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '@ofs/platform';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  ValidateIf,
  ValidateNested,
  validateSync,
  type ValidationError,
} from 'class-validator';

/** How Financroo authenticates at a bank's server and binds its tokens (RFC 7523 + RFC 9449, or RFC 8705). */
export const CLIENT_AUTHENTICATIONS = ['private_key_jwt', 'tls_client_auth'] as const;
export type ClientAuthentication = (typeof CLIENT_AUTHENTICATIONS)[number];

const HTTPS_BASE = /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~/-]*)?$/;
const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** One bank, in the reference's shape (`apps/financroo-tpp/banks.json`) plus how to authenticate there. */
export class BankConfig {
  /** The bank's id in Financroo (URLs, element ids): `gobank`. */
  @Matches(NAME, { message: 'id must be lower-case letters, digits and dashes' })
  id!: string;

  @IsString({ message: 'name must be a string' })
  @IsNotEmpty({ message: 'name must not be empty' })
  name!: string;

  @Matches(NAME, { message: 'tenant must be lower-case letters, digits and dashes' })
  tenant!: string;

  @Matches(NAME, { message: 'server must be lower-case letters, digits and dashes' })
  server!: string;

  /** The authorization server's public base (the issuer is `{acp_url}/{tenant}/{server}`, the browser goes there). */
  @Matches(HTTPS_BASE, { message: 'acp_url must be an https URL like https://localhost:8443' })
  acp_url!: string;

  /** Where Financroo's backend reaches the same server (the same as acp_url on a laptop). */
  @Matches(HTTPS_BASE, { message: 'acp_internal_url must be an https URL like https://localhost:8443' })
  acp_internal_url!: string;

  /** The bank's data API (CDR banking): `https://localhost:8070`. */
  @Matches(HTTPS_BASE, { message: 'url must be an https URL like https://localhost:8070' })
  url!: string;

  @IsBoolean({ message: 'enable_dcr must be true or false' })
  enable_dcr!: boolean;

  /** Without DCR: the client registered for Financroo at the bank (it must use tls_client_auth). */
  @ValidateIf((bank: BankConfig) => !bank.enable_dcr)
  @IsString({ message: 'client_id is required when enable_dcr is false' })
  @IsNotEmpty({ message: 'client_id is required when enable_dcr is false' })
  client_id?: string;

  /** `private_key_jwt` (with DPoP-bound tokens) or `tls_client_auth` (with certificate-bound tokens). */
  @IsOptional()
  @IsIn(CLIENT_AUTHENTICATIONS, {
    message: `client_authentication must be one of ${CLIENT_AUTHENTICATIONS.join(', ')}`,
  })
  client_authentication?: ClientAuthentication;
}

class BanksFile {
  @IsArray({ message: 'banks must be an array' })
  @ArrayMinSize(1, { message: 'banks must list at least one bank' })
  @ValidateNested({ each: true })
  @Type(() => BankConfig)
  banks!: BankConfig[];
}

/** A bank as Financroo uses it: the file's entry with its issuer and authentication resolved. */
export interface Bank {
  id: string;
  name: string;
  /** `{acp_url}/{tenant}/{server}`: what the server's discovery and JARM responses must name. */
  issuer: string;
  /** `{acp_internal_url}/{tenant}/{server}`: where the backend fetches discovery. */
  internalIssuer: string;
  dataApiUrl: string;
  enableDcr: boolean;
  clientId?: string;
  authentication: ClientAuthentication;
}

export const DEFAULT_BANKS_FILE = path.join(__dirname, 'banks.json');

/** Default per bank when the file does not say: the first bank DPoP, the second mTLS (both paths run every day). */
const defaultAuthentication = (index: number): ClientAuthentication =>
  index % 2 === 0 ? 'private_key_jwt' : 'tls_client_auth';

/**
 * Reads and validates the banks file; any problem is one ConfigError line naming the file, bank and field.
 * `${NAME}` in a string value is replaced by the setting of that name from `settings` (the default file names
 * the sandbox's own ports this way, so it follows AUTH_SERVER_PORT, GO_BANK_PORT, …).
 */
export function loadBanksFile(
  file: string = DEFAULT_BANKS_FILE,
  settings: Record<string, string | number> = {},
): Bank[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError([`banks file ${file} could not be read as JSON (${(e as Error).message})`]);
  }
  return parseBanks(expand(raw, settings, file), file);
}

function expand(value: unknown, settings: Record<string, string | number>, file: string): unknown {
  if (typeof value === 'string')
    return value.replace(/\$\{([A-Z0-9_]+)\}/g, (_m, name: string) => {
      if (!(name in settings))
        throw new ConfigError([
          `banks file ${file}: \${${name}} is not a setting it may name (${Object.keys(settings).join(', ')})`,
        ]);
      return String(settings[name]);
    });
  if (Array.isArray(value)) return value.map((v) => expand(v, settings, file));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expand(v, settings, file)]));
  return value;
}

export function parseBanks(raw: unknown, file: string): Bank[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ConfigError([`banks file ${file} must hold a JSON object with a banks array`]);
  const parsed = plainToInstance(BanksFile, raw);
  const errors = validateSync(parsed, { forbidUnknownValues: true });
  if (errors.length) throw new ConfigError(errors.flatMap((e) => describe(e, `banks file ${file}:`)));
  const seen = new Set<string>();
  return parsed.banks.map((bank, index) => {
    if (seen.has(bank.id)) throw new ConfigError([`banks file ${file}: bank id ${bank.id} is listed twice`]);
    seen.add(bank.id);
    if (!bank.enable_dcr && bank.client_authentication === 'private_key_jwt')
      throw new ConfigError([
        `banks file ${file}: banks[${index}] client_authentication must be tls_client_auth when enable_dcr is false`,
      ]);
    const authentication = bank.enable_dcr
      ? (bank.client_authentication ?? defaultAuthentication(index))
      : 'tls_client_auth';
    return {
      id: bank.id,
      name: bank.name,
      issuer: `${trimSlash(bank.acp_url)}/${bank.tenant}/${bank.server}`,
      internalIssuer: `${trimSlash(bank.acp_internal_url)}/${bank.tenant}/${bank.server}`,
      dataApiUrl: trimSlash(bank.url),
      enableDcr: bank.enable_dcr,
      clientId: bank.client_id,
      authentication,
    };
  });
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** class-validator's tree as lines: `banks file x: banks[1] acp_url must be an https URL …`. */
function describe(error: ValidationError, where: string): string[] {
  const at = /^\d+$/.test(error.property) ? `${where}[${error.property}]` : `${where} ${error.property}`.trim();
  const own = [...new Set(Object.values(error.constraints ?? {}))].map((message) => `${where} ${message}`.trim());
  return [...own, ...(error.children ?? []).flatMap((child) => describe(child, at))];
}
