import type { BankingAccount } from '@ofs/cdr';
import { html, renderPage, type Brand } from '@ofs/web';
import type { PendingLogin } from '../logins/auth-server-logins.client';
import { detailsInWords, scopesInWords } from './consent-words';

export interface ConsentPageView {
  brand: Brand;
  login: PendingLogin;
  accounts: readonly BankingAccount[];
  csrfToken: string;
}

/** "Account selection" (CONTRACT.md "Pages"): who asks, for what, and one checkbox per account, all ticked. */
export function consentPage({ brand, login, accounts, csrfToken }: ConsentPageView): string {
  const redirectHost = login.redirect_uri ? safeHost(login.redirect_uri) : undefined;
  const details = detailsInWords(login.authorization_details);
  const main = html`<div class="card">
  <h1>Account selection</h1>
  <p class="sub">Select accounts to share with <strong>${login.client_name}</strong></p>
  <dl>
    <dt>Application</dt><dd>${login.client_name}</dd>
    <dt>Client ID</dt><dd><code>${login.client_id}</code></dd>
    ${redirectHost ? html`<dt>Returns you to</dt><dd><code>${redirectHost}</code></dd>` : ''}
  </dl>
  ${
    login.dynamically_registered
      ? html`<p class="alert info">This application registered itself with the bank: its name is what it says about itself. Check the address it returns you to.</p>`
      : ''
  }
  <h2>${login.client_name} asks to</h2>
  <ul>${scopesInWords(login.requested_scopes).map((line) => html`<li>${line}</li>`)}</ul>
  ${details.map(
    (d) => html`<h2>${d.title}</h2>
  <ul>${d.lines.map((line) => html`<li>${line}</li>`)}</ul>`,
  )}
  <form method="post" action="/">
    <input type="hidden" name="_csrf" value="${csrfToken}">
    <fieldset>
      <legend>Your accounts</legend>
      ${
        accounts.length
          ? accounts.map(
              (a) => html`<div class="choice">
        <input type="checkbox" id="account-id-${a.accountId}" name="account_ids" value="${a.accountId}" checked>
        <label for="account-id-${a.accountId}">${a.nickname || a.displayName} <span class="muted">${a.maskedNumber}</span></label>
      </div>`,
            )
          : html`<p class="muted">You have no accounts to share.</p>`
      }
    </fieldset>
    <div class="actions">
      <button type="submit" name="action" value="deny" class="secondary">Cancel</button>
      <button type="submit" name="action" value="confirm">I Agree</button>
    </div>
  </form>
</div>`;
  return renderPage({ brand, title: 'Account selection', main, width: 'narrow' });
}

function safeHost(uri: string): string | undefined {
  try {
    return new URL(uri).host;
  } catch {
    return undefined;
  }
}
