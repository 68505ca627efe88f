import { html } from '@ofs/web';
import { csrfField, type FinancrooPage } from '../http/financroo-layout';
import type { ConnectError } from './connect.error';

export interface BankChoice {
  id: string;
  name: string;
  /** Why it cannot be picked (already connected, not available yet), or undefined. */
  unavailable?: string;
}

/** "Connect your accounts": pick a bank, see what Financroo asks for, allow (→ the bank) or cancel. */
export function connectPage(input: {
  user: { id: string; csrfToken: string };
  banks: BankChoice[];
  selected?: string;
}): FinancrooPage {
  const firstAvailable = input.banks.find((b) => !b.unavailable)?.id;
  const selected = input.banks.some((b) => b.id === input.selected && !b.unavailable) ? input.selected : firstAvailable;
  return {
    title: 'Connect your accounts',
    user: input.user,
    tab: 'accounts',
    main: html`<div class="card" role="dialog" aria-labelledby="connect-title">
  <h1 id="connect-title">Connect your accounts</h1>
  <form method="post" action="/connect">
    ${csrfField(input.user.csrfToken)}
    <fieldset class="plain">
      <legend>Choose your bank</legend>
      <div class="bank-grid">
        ${input.banks.map(
          (bank) => html`<label class="bank-option${bank.unavailable ? ' disabled' : ''}" id="${bank.id}">
          <input type="radio" name="bank" value="${bank.id}" ${bank.id === selected ? html`checked` : ''} ${bank.unavailable ? html`disabled` : ''}>
          <strong>${bank.name}</strong>
          ${bank.unavailable ? html`<small>${bank.unavailable}</small>` : html`<small>Available</small>`}
        </label>`,
        )}
      </div>
    </fieldset>
    <h2>Requested access</h2>
    <p>Financroo asks your bank for <strong>read-only</strong> access to the accounts you choose there:</p>
    <ul>
      <li>your account names and masked numbers (ReadAccountsBasic)</li>
      <li>your balances (ReadBalances)</li>
      <li>your transactions with their details (ReadTransactionsDetail)</li>
    </ul>
    <p class="muted">You sign in and pick the accounts at your bank; Financroo never sees your bank password. You can disconnect at any time.</p>
    <div class="actions">
      <button type="submit" id="allow-button" ${selected ? '' : html`disabled`}>Allow access</button>
      <a class="button secondary" id="cancel-button" href="/">Cancel</a>
    </div>
  </form>
</div>`,
  };
}

/** Why a bank connection was not made: the bank's reason, and the way back. */
export function connectErrorPage(error: ConnectError): FinancrooPage {
  const title = error.kind === 'rejected' ? 'Connection rejected' : 'Bank connection failed';
  return {
    title,
    width: 'narrow',
    main: html`<div class="card" role="alert" id="connect-error">
  <h1>${title}</h1>
  <p class="alert error">${error.publicMessage}</p>
  <div class="actions"><a class="button" href="/">Back to your accounts</a><a class="button secondary" href="/connect">Connect a bank</a></div>
</div>`,
  };
}
