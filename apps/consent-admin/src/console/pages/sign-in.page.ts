import { html, type SafeHtml } from '@ofs/web';

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
