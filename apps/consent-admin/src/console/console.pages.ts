import type { ConsentDto, ConsentStatus } from '@ofs/consent-store';
import { html, type Brand, type SafeHtml } from '@ofs/web';
import { BANKS, bankName, type BankId } from '../config/consent-admin.config';
import { accountList, flashAlert, permissionsInWords, statusBadge, when } from '../pages/consent-parts';
import type { Flash } from '../pages/flash';

export const CONSOLE_BRAND: Brand = {
  name: 'Consent console',
  tagline: 'Open Finance Sandbox staff',
  accent: '#3949ab',
  logoSvg:
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#3949ab"/><path d="M9 16.5l4.5 4.5L23 11" stroke="#fff" stroke-width="3" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>',
};

export interface Staff {
  sub: string;
  name?: string;
}

/** The header of a signed-in page: who is signed in, and a sign-out form (POST with the CSRF token). */
export function staffNav(staff: Staff, csrfToken: string): SafeHtml {
  return html`<a href="/consents">Consents</a>
    <span class="muted">Signed in as ${staff.name ?? staff.sub}</span>
    <form method="post" action="/auth/sign-out">
      <input type="hidden" name="_csrf" value="${csrfToken}" />
      <button type="submit" class="secondary" id="sign-out">Sign out</button>
    </form>`;
}

export function signInPage(signedOut: boolean): SafeHtml {
  return html`<div class="card">
    <h1>Sign in</h1>
    ${signedOut ? html`<div class="alert success" role="status">You have signed out.</div>` : ''}
    <p class="sub">
      Staff search and revoke the consents customers gave to third-party providers at Go Bank and Hyperscale Bank.
    </p>
    <p>You sign in with your staff account at the sandbox's authorization server.</p>
    <div class="actions"><a class="button" id="sign-in" href="/auth/login">Sign in with your staff account</a></div>
  </div>`;
}

export interface ConsentSearchForm {
  bank?: BankId;
  accountId?: string;
  clientId?: string;
  customer?: string;
  status?: ConsentStatus;
  errors: string[];
}

export function consentLink(c: Pick<ConsentDto, 'bank' | 'id'>, suffix = ''): string {
  return `/consents/${encodeURIComponent(c.bank)}/${encodeURIComponent(c.id)}${suffix}`;
}

export function consentListPage(input: {
  form: ConsentSearchForm;
  consents: ConsentDto[];
  more: boolean;
  unreachable: BankId[];
  flash?: Flash;
  limit: number;
}): SafeHtml {
  const { form, consents } = input;
  const option = (value: string, label: string, selected: boolean) =>
    html`<option value="${value}" ${selected ? html`selected` : ''}>${label}</option>`;
  return html`${flashAlert(input.flash)}
    <div class="card">
      <h1>Consents</h1>
      <p class="sub">Search and manage the consents customers gave to third-party providers (TPPs).</p>
      <form method="get" action="/consents" class="filters" role="search" aria-label="Search consents">
        <div>
          <label for="filter-bank">Bank</label>
          <select id="filter-bank" name="bank">
            ${option('', 'All banks', !form.bank)} ${BANKS.map((b) => option(b.id, b.name, form.bank === b.id))}
          </select>
        </div>
        <div>
          <label for="filter-account">Account id</label>
          <input type="search" id="filter-account" name="account_id" value="${form.accountId ?? ''}" autocomplete="off" />
        </div>
        <div>
          <label for="filter-client">TPP (client id)</label>
          <input type="search" id="filter-client" name="client_id" value="${form.clientId ?? ''}" autocomplete="off" />
        </div>
        <div>
          <label for="filter-customer">Customer</label>
          <input type="search" id="filter-customer" name="customer" value="${form.customer ?? ''}" autocomplete="off" />
        </div>
        <div>
          <label for="filter-status">Status</label>
          <select id="filter-status" name="status">
            ${option('', 'Any status', !form.status)}
            ${(['authorized', 'rejected', 'revoked'] as const).map((s) => option(s, s, form.status === s))}
          </select>
        </div>
        <div><button type="submit" id="search">Search</button></div>
      </form>
    </div>
    ${form.errors.map((e) => html`<div class="alert error" role="alert">${e}</div>`)}
    ${input.unreachable.map(
      (bank) =>
        html`<div class="alert error" role="alert">
          ${bankName(bank)} could not be reached: its consents are missing from these results.
        </div>`,
    )}
    <div class="card" id="search-results">
      <h2>${consents.length ? `${consents.length} ${consents.length === 1 ? 'consent' : 'consents'}` : 'No consents'}</h2>
      ${
        input.more
          ? html`<p class="alert info">Showing the newest ${input.limit}. Narrow the search to see the others.</p>`
          : ''
      }
      ${
        consents.length
          ? html`<table class="stack">
            <thead>
              <tr>
                <th scope="col">Bank</th>
                <th scope="col">TPP</th>
                <th scope="col">Customer</th>
                <th scope="col">Accounts</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Updated</th>
                <th scope="col"><span class="muted">Details</span></th>
              </tr>
            </thead>
            <tbody>
              ${consents.map(
                (c) => html`<tr class="consent-row" id="consent-${c.id}">
                  <td data-label="Bank">${bankName(c.bank as BankId)}</td>
                  <td data-label="TPP">${c.client_name}<br /><code class="muted">${c.client_id}</code></td>
                  <td data-label="Customer">${c.subject}</td>
                  <td data-label="Accounts">${accountList(c.account_ids)}</td>
                  <td data-label="Status">${statusBadge(c)}</td>
                  <td data-label="Created">${when(c.created_at)}</td>
                  <td data-label="Updated">${when(c.updated_at)}</td>
                  <td>
                    <a href="${consentLink(c)}" aria-label="Details of the consent of ${c.subject} to ${c.client_name}"
                      >Details</a
                    >
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>`
          : html`<p class="muted">No consent matches this search.</p>`
      }
    </div>`;
}

function tokenRevocation(c: ConsentDto): SafeHtml | '' {
  if (c.status !== 'revoked') return '';
  if (c.bank === 'hyperscalebank') {
    return html`<p id="token-revocation" data-state="done">
      Done: the authorization server revoked every token of this consent together with the consent.
    </p>`;
  }
  const r = c.token_revocation;
  if (!r) return html`<p id="token-revocation" class="muted">No token revocation recorded.</p>`;
  if (r.status === 'done') {
    return html`<p id="token-revocation" data-state="done">
      Done ${when(r.done_at)}: every token issued under this consent is inactive.
    </p>`;
  }
  return html`<div id="token-revocation" data-state="pending" class="alert info" role="status">
    <strong>Token revocation pending.</strong> The authorization server has not confirmed it yet
    (${r.attempts} ${r.attempts === 1 ? 'attempt' : 'attempts'}); the next attempt is due ${when(r.next_attempt_at)}.
    ${r.last_error ? html`<br />Last error: ${r.last_error}` : ''}
  </div>`;
}

export function consentDetailPage(c: ConsentDto, flash?: Flash): SafeHtml {
  const bank = bankName(c.bank as BankId);
  return html`${flashAlert(flash)}
    <p><a href="/consents">← All consents</a></p>
    <div class="card" id="consent-detail" data-consent-id="${c.id}">
      <h1>Consent of ${c.subject} to ${c.client_name}</h1>
      <dl>
        <dt>Status</dt>
        <dd>${statusBadge(c)}</dd>
        <dt>Bank</dt>
        <dd>${bank}</dd>
        <dt>TPP</dt>
        <dd>${c.client_name} <code>${c.client_id}</code></dd>
        <dt>Customer</dt>
        <dd>${c.subject}</dd>
        <dt>Accounts</dt>
        <dd>${accountList(c.account_ids)}</dd>
        <dt>Created</dt>
        <dd>${when(c.created_at)}</dd>
        <dt>Updated</dt>
        <dd>${when(c.updated_at)}</dd>
        ${
          c.status === 'revoked'
            ? html`<dt>Revoked</dt>
              <dd>${when(c.revoked_at)}${c.revoked_by ? html` by ${c.revoked_by}` : ''}</dd>`
            : ''
        }
        <dt>Consent id</dt>
        <dd><code>${c.id}</code></dd>
      </dl>
      <h2>What it allows</h2>
      ${permissionsInWords(c)}
      ${c.status === 'revoked' ? html`<h2>Token revocation</h2>${tokenRevocation(c)}` : ''}
      <div class="actions">
        ${
          c.status === 'authorized'
            ? html`<a class="button danger" id="revoke" href="${consentLink(c, '/revoke')}">Revoke</a>`
            : ''
        }
        <a
          class="button secondary"
          id="revoke-all"
          href="/tpps/${encodeURIComponent(c.bank)}/${encodeURIComponent(c.client_id)}/revoke"
          >Revoke all consents of ${c.client_name} at ${bank}</a
        >
      </div>
    </div>`;
}

export function confirmRevokePage(c: ConsentDto, csrfToken: string): SafeHtml {
  return html`<div class="card" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-text">
    <h1 id="confirm-title">Revoke this consent?</h1>
    <p id="confirm-text">
      ${c.client_name} loses access to ${c.account_ids.length ? `accounts ${c.account_ids.join(', ')}` : 'the consent'}
      of ${c.subject} at ${bankName(c.bank as BankId)} at once: every token issued under this consent stops working.
      This cannot be undone.
    </p>
    <form method="post" action="${consentLink(c, '/revoke')}">
      <input type="hidden" name="_csrf" value="${csrfToken}" />
      <div class="actions">
        <button type="submit" class="danger" id="confirm-revoke">Revoke</button>
        <a class="button secondary" id="cancel" href="${consentLink(c)}">Cancel</a>
      </div>
    </form>
  </div>`;
}

export function confirmRevokeAllPage(input: {
  bank: BankId;
  clientId: string;
  clientName: string;
  count: number;
  more: boolean;
  csrfToken: string;
}): SafeHtml {
  const { bank, clientId, clientName, count } = input;
  const action = `/tpps/${encodeURIComponent(bank)}/${encodeURIComponent(clientId)}/revoke`;
  if (!count) {
    return html`<div class="card">
      <h1>Nothing to revoke</h1>
      <p>${clientName} (<code>${clientId}</code>) holds no authorized consent at ${bankName(bank)}.</p>
      <p><a href="/consents?bank=${bank}&amp;client_id=${encodeURIComponent(clientId)}">Its consents</a></p>
    </div>`;
  }
  return html`<div class="card" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-text">
    <h1 id="confirm-title">Revoke every consent of ${clientName}?</h1>
    <p id="confirm-text">
      ${input.more ? `More than ${count}` : count} authorized ${count === 1 && !input.more ? 'consent' : 'consents'} of
      ${clientName} (<code>${clientId}</code>) at ${bankName(bank)} will be revoked, for every customer, and their
      tokens stop working. This cannot be undone.
    </p>
    <form method="post" action="${action}">
      <input type="hidden" name="_csrf" value="${input.csrfToken}" />
      <div class="actions">
        <button type="submit" class="danger" id="confirm-revoke-all">Revoke all</button>
        <a class="button secondary" id="cancel" href="/consents?bank=${bank}&amp;client_id=${encodeURIComponent(clientId)}"
          >Cancel</a
        >
      </div>
    </form>
  </div>`;
}
