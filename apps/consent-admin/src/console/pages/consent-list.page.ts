import type { ConsentDto, ConsentStatus } from '@ofs/consent-store';
import { html, type SafeHtml } from '@ofs/web';
import { BANKS, bankName, type BankId } from '../../config/consent-admin.config';
import { accountList, flashAlert, statusBadge, when } from '../../pages/consent-parts';
import type { Flash } from '../../pages/flash';
import { consentLink } from './console-layout';

export interface ConsentSearchForm {
  bank?: BankId;
  accountId?: string;
  clientId?: string;
  customer?: string;
  status?: ConsentStatus;
  errors: string[];
}

export function consentListPage(input: {
  form: ConsentSearchForm;
  consents: ConsentDto[];
  more: boolean;
  /** One bank searched: where its next page starts. */
  nextCursor: string | null;
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
        input.more && !input.nextCursor
          ? html`<p class="alert info">
              Showing the newest ${input.limit} of both banks. Choose a bank to page through all of its consents.
            </p>`
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
      ${
        input.nextCursor
          ? html`<nav class="pager" aria-label="Pages">
            <span></span><a id="next-page" href="${nextPageHref(form, input.nextCursor)}">Next page →</a>
          </nav>`
          : ''
      }
    </div>`;
}

/** The same search, from `cursor` on. */
function nextPageHref(form: ConsentSearchForm, cursor: string): string {
  const query = new URLSearchParams();
  if (form.bank) query.set('bank', form.bank);
  if (form.accountId) query.set('account_id', form.accountId);
  if (form.clientId) query.set('client_id', form.clientId);
  if (form.customer) query.set('customer', form.customer);
  if (form.status) query.set('status', form.status);
  query.set('cursor', cursor);
  return `/consents?${query.toString()}`;
}
