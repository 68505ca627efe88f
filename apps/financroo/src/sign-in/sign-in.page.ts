import { html } from '@ofs/web';
import type { FinancrooPage } from '../http/financroo-layout';

/** Financroo's own sign-in (not OAuth): the demo user `test`. */
export function signInPage(input: { csrfToken: string; error?: string; username?: string }): FinancrooPage {
  return {
    title: 'Sign in',
    width: 'narrow',
    main: html`<div class="card">
  <h1>Sign in to Financroo</h1>
  <p class="sub">Your banks, bills and spending in one place. Demo login: <code>test</code> / <code>p@ssword!</code>.</p>
  ${input.error ? html`<p class="alert error" role="alert">${input.error}</p>` : ''}
  <form method="post" action="/login">
    <input type="hidden" name="_csrf" value="${input.csrfToken}">
    <label for="username">Login</label>
    <input type="text" id="username" name="username" autocomplete="username" required value="${input.username ?? ''}">
    <label for="password">Password</label>
    <input type="password" id="password" name="password" autocomplete="current-password" required>
    <div class="actions"><button type="submit" id="login-button" class="login-button">Log in</button></div>
  </form>
</div>`,
  };
}
