import type { ConsentDto } from '@ofs/consent-store';
import { html, type SafeHtml } from '@ofs/web';
import { bankName, type BankId } from '../../config/consent-admin.config';
import { accountList, flashAlert, permissionsInWords, statusBadge, when } from '../../pages/consent-parts';
import type { Flash } from '../../pages/flash';
import { consentLink } from './console-layout';
import { timelinePart } from './consent-timeline.part';
import type { ConsentTimeline } from '../../consent-timeline/consent-timeline.client';

/** For a revoked consent: whether its tokens are revoked at the authorization server yet (Go Bank's outbox). */
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

export function consentDetailPage(c: ConsentDto, timeline: ConsentTimeline, flash?: Flash): SafeHtml {
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
      <h2>Timeline</h2>
      ${timelinePart(timeline)}
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
