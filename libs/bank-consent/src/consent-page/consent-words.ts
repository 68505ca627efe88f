// RFC 9396 §7, RFC 6749 §3.3: the customer is told in plain words what the client asks for (never as JSON).

const SCOPES: Record<string, string> = {
  openid: 'Confirm who you are',
  profile: 'See your name',
  email: 'See your email address',
  accounts: 'Read the accounts you choose below',
  offline_access: 'Keep this access while you are away (until you revoke it)',
};

const PERMISSIONS: Record<string, string> = {
  ReadAccountsBasic: 'See the names and types of your accounts',
  ReadAccountsDetail: 'See your account numbers and account details',
  ReadBalances: 'Read your balances',
  ReadTransactionsBasic: 'See your transactions (dates and amounts)',
  ReadTransactionsDetail: 'See the details of your transactions (payees and references)',
};

/** One requested item as the page lists it: a heading and sentences. */
export interface InWords {
  title: string;
  lines: string[];
}

export function scopesInWords(scopes: readonly string[]): string[] {
  return scopes.map((s) => SCOPES[s] ?? `Use the permission "${s}"`);
}

/** Requested authorization details: account access and payments in sentences, other types field by field. */
export function detailsInWords(details: ReadonlyArray<Record<string, unknown>>): InWords[] {
  return details.map((detail) => {
    if (detail.type === 'account_information') {
      const accounts = strings(detail.accounts);
      return {
        title: 'Access to your accounts',
        lines: [
          ...strings(detail.permissions).map((p) => PERMISSIONS[p] ?? `Use the permission ${p}`),
          accounts.length ? `Only for ${accounts.join(', ')}` : 'For the accounts you choose below',
        ],
      };
    }
    if (detail.type === 'payment_initiation') {
      const amount = record(detail.instructedAmount);
      const lines = [`Pay ${text(amount.currency)} ${text(amount.amount)} to ${text(detail.creditorName)}`];
      if (detail.remittanceInformation !== undefined) lines.push(`Reference: ${text(detail.remittanceInformation)}`);
      return { title: 'A payment', lines };
    }
    const { type, ...fields } = detail;
    return {
      title: text(type),
      lines: Object.entries(fields).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.map(text).join(', ') : text(v)}`),
    };
  });
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(text) : [];
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value === undefined || value === null ? '' : JSON.stringify(value);
}
