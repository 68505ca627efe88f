import { html, type SafeHtml } from '@ofs/web';
import { BANKS } from '../../config/consent-admin.config';

export function chooseBankPage(signedOut: boolean): SafeHtml {
  return html`<div class="card">
    <h1>Your connected apps</h1>
    ${signedOut ? html`<div class="alert success" role="status">You have signed out.</div>` : ''}
    <p class="sub">See which apps can use your bank accounts, and take their access away at any time.</p>
    <h2 id="choose-bank">Choose your bank</h2>
    <p>You sign in at your bank: we never see your password.</p>
    <ul class="plain" aria-labelledby="choose-bank">
      ${BANKS.map(
        (b) =>
          html`<li class="actions">
            <a class="button" id="sign-in-${b.id}" href="/auth/login?bank=${b.id}">Sign in with ${b.name}</a>
          </li>`,
      )}
    </ul>
  </div>`;
}
