import { html, type SafeHtml } from '@ofs/web';
import type { ConsentTimeline, TimelineEvent } from '../../consent-timeline/consent-timeline.client';
import { when } from '../../pages/consent-parts';

const WORDS: Record<string, string> = {
  'authorization_request.pushed': 'The TPP pushed an authorization request',
  'login.succeeded': 'The customer signed in',
  'login.failed': 'A sign-in failed',
  'consent.accepted': 'The customer agreed',
  'consent.rejected': 'The customer declined',
  'code.issued': 'An authorization code was issued',
  'code.redeemed': 'The TPP redeemed the code',
  'code.reused': 'The code was used a second time (its tokens were revoked)',
  'token.issued': 'Tokens were issued to the TPP',
  'token.refreshed': 'The TPP refreshed its access token',
  'token.revoked': 'A token was revoked',
  'consent.tokens_revoked': "The consent's tokens were revoked",
  'identity_record.created': 'The consent was stored',
  'identity_record.updated': 'The consent was changed',
  'identity_record.deleted': 'The consent was deleted',
  'request.refused': 'A request was refused',
};

function line(event: TimelineEvent): SafeHtml {
  const words = WORDS[event.type] ?? event.type;
  const error = typeof event.detail.error === 'string' ? event.detail.error : undefined;
  const reason = typeof event.detail.error_description === 'string' ? event.detail.error_description : undefined;
  return html`<tr data-type="${event.type}">
    <td data-label="When">${when(event.time)}</td>
    <td data-label="What">${words}${error ? html` <code>${error}</code>` : ''}${reason ? html`: ${reason}` : ''}</td>
    <td data-label="Client"><code>${event.client_id ?? '—'}</code></td>
  </tr>`;
}

/** The consent's story from the authorization server's audit trail, oldest first. */
export function timelinePart(timeline: ConsentTimeline): SafeHtml {
  if ('unavailable' in timeline)
    return html`<p id="timeline" class="muted">The timeline is unavailable: ${timeline.unavailable}.</p>`;
  if (!timeline.events.length) return html`<p id="timeline" class="muted">The audit trail records nothing yet.</p>`;
  return html`<table id="timeline" class="stack">
      <thead><tr><th>When</th><th>What</th><th>Client</th></tr></thead>
      <tbody>${timeline.events.map(line)}</tbody>
    </table>
    ${timeline.more ? html`<p class="muted">Only the latest ${timeline.events.length} events are shown.</p>` : ''}`;
}
