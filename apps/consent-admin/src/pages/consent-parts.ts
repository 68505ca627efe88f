import type { ConsentDto } from '@ofs/consent-store';
import { detailsInWords, html, type AuthorizationDetail, type SafeHtml } from '@ofs/web';

/** The scopes a consent may carry, in plain words (unknown ones are named as they are). */
const SCOPES: Record<string, string> = {
  openid: 'Confirm who you are',
  profile: 'See your name',
  accounts: 'Read your account information',
  payments: 'Make payments',
  offline_access: 'Keep access while you are not using the app (until revoked)',
};

export function scopesInWords(scopes: readonly string[]): string[] {
  return scopes.map((s) => SCOPES[s] ?? `Use the scope “${s}”`);
}

const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** A moment as people read it ("2 Dec 2026, 19:05 UTC"), machine-readable in `datetime`. */
export function when(iso: string | null | undefined): SafeHtml {
  if (!iso) return html`<span class="muted">—</span>`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return html`${iso}`;
  return html`<time datetime="${date.toISOString()}">${DATE.format(date)} UTC</time>`;
}

/** The status in words: `authorized`, `rejected` or `revoked` (CONTRACT.md, "Pages"). */
export function statusBadge(consent: Pick<ConsentDto, 'status'>): SafeHtml {
  return html`<span class="status ${consent.status}" data-status="${consent.status}">${consent.status}</span>`;
}

export function accountList(accountIds: readonly string[]): SafeHtml {
  if (!accountIds.length) return html`<span class="muted">No accounts</span>`;
  return html`<ul class="plain accounts">
    ${accountIds.map((id) => html`<li><code class="account-id">${id}</code></li>`)}
  </ul>`;
}

/** What a consent allows: its scopes and authorization details in plain words (RFC 9396 §7), never JSON. */
export function permissionsInWords(consent: ConsentDto): SafeHtml {
  const details = detailsInWords(
    consent.authorization_details.filter(
      (d): d is AuthorizationDetail => typeof (d as { type?: unknown }).type === 'string',
    ),
  );
  const scopes = scopesInWords(consent.granted_scopes);
  return html`${
    scopes.length
      ? html`<ul class="permissions">
        ${scopes.map((s) => html`<li>${s}</li>`)}
      </ul>`
      : html`<p class="muted">No scopes granted.</p>`
  }
  ${details.map(
    (d) => html`<h3>${d.title}</h3>
      <ul class="permissions">
        ${d.lines.map((line) => html`<li>${line}</li>`)}
      </ul>`,
  )}`;
}

/** A flash message (one line, shown once after a redirect). */
export function flashAlert(flash: unknown): SafeHtml | '' {
  if (typeof flash !== 'object' || flash === null) return '';
  const { kind, text } = flash as { kind?: unknown; text?: unknown };
  if (typeof text !== 'string') return '';
  const type = kind === 'error' ? 'error' : kind === 'info' ? 'info' : 'success';
  return html`<div class="alert ${type}" role="status">${text}</div>`;
}
