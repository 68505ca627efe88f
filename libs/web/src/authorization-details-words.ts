// RFC 9396 §7: the user is shown what a client asks for or holds, in plain words, never as JSON. Shared by the pages
// that show authorization details (consent pages, the consent console and portal).
/** RFC 9396 §2: one authorization detail (a JSON object with a string `type`). */
export interface AuthorizationDetail {
  type: string;
  [field: string]: unknown;
}

/** One requested detail as the consent page lists it: a heading and sentences. */
export interface DetailInWords {
  title: string;
  lines: string[];
}

const PERMISSIONS: Record<string, string> = {
  ReadAccountsBasic: 'See the names and types of your accounts',
  ReadAccountsDetail: 'See your account numbers and account details',
  ReadBalances: 'Read your balances',
  ReadTransactionsBasic: 'See your transactions (dates and amounts)',
  ReadTransactionsDetail: 'See the details of your transactions (payees and references)',
};

type Describer = (detail: AuthorizationDetail) => DetailInWords;

const DESCRIBERS: Record<string, Describer> = {
  account_information: (detail) => {
    const permissions = strings(detail.permissions).map((p) => PERMISSIONS[p] ?? `Use the permission ${p}`);
    const accounts = strings(detail.accounts);
    return {
      title: 'Access to your accounts',
      lines: [
        ...permissions,
        accounts.length
          ? `For ${accounts.length === 1 ? 'account' : 'accounts'} ${accounts.join(', ')}`
          : 'For the accounts you choose',
      ],
    };
  },
  payment_initiation: (detail) => {
    const amount = record(detail.instructedAmount);
    const creditor = record(detail.creditorAccount);
    const lines = [`Pay ${text(amount.currency)} ${text(amount.amount)} to ${text(detail.creditorName)}`];
    if (creditor.identification !== undefined) {
      lines.push(`Into account ${text(creditor.identification)} (${text(creditor.scheme)})`);
    }
    if (detail.remittanceInformation !== undefined) lines.push(`Reference: ${text(detail.remittanceInformation)}`);
    return { title: 'A payment', lines };
  },
};

/** Types the sandbox operator added: each field on its own line, as "field: value". */
function generic(detail: AuthorizationDetail): DetailInWords {
  const lines: string[] = [];
  const walk = (value: unknown, path: string[]) => {
    if (Array.isArray(value))
      return value.length ? lines.push(`${label(path)}: ${value.map((v) => leaf(v)).join(', ')}`) : undefined;
    if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) walk(child, [...path, key]);
      return;
    }
    lines.push(`${label(path)}: ${leaf(value)}`);
  };
  const { type, ...fields } = detail;
  walk(fields, []);
  return { title: words(type), lines };
}

export function detailsInWords(details: readonly AuthorizationDetail[]): DetailInWords[] {
  return details.map((detail) => (DESCRIBERS[detail.type] ?? generic)(detail));
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => text(v)) : [];
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

function leaf(value: unknown): string {
  return typeof value === 'object' && value !== null ? Object.values(value).map(leaf).join(' ') : text(value);
}

/** `creditorAccount.identification` → "Creditor account identification". */
function label(path: string[]): string {
  return words(path.join(' '));
}

function words(name: string): string {
  const spaced = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.:-]+/g, ' ')
    .trim()
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
