/** The server's hosted pages (login, built-in consent, errors): plain HTML, every value escaped. */

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

function layout(title: string, serverName: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(serverName)}</title>
<style>
body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}
main{background:#fff;padding:2rem 2.5rem;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.08);width:100%;max-width:420px}
h1{font-size:1.4rem;margin:0 0 .25rem}p.sub{color:#555;margin:0 0 1.5rem}
label{display:block;font-size:.9rem;margin:.75rem 0 .25rem}input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.6rem;border:1px solid #ccc;border-radius:6px;font-size:1rem}
button{margin-top:1.25rem;padding:.65rem 1.2rem;border:0;border-radius:6px;font-size:1rem;cursor:pointer;background:#1f5eff;color:#fff}
button.secondary{background:#e6e8ec;color:#222;margin-right:.5rem}
.error{background:#fdecea;color:#a61b1b;padding:.6rem .8rem;border-radius:6px;margin-bottom:1rem}
dl.client{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem;font-size:.9rem;margin:0 0 1rem}dl.client dt{color:#555}dl.client dd{margin:0}.note{background:#fff3d6;color:#7a4b00;padding:.5rem .7rem;border-radius:6px;font-size:.9rem}
ul{padding-left:1.2rem}h2{font-size:1.05rem;margin:1rem 0 .25rem}code{background:#f0f1f3;padding:.1rem .3rem;border-radius:4px}
</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

/** Who is asking: the self-asserted name next to what the server verified (client_id, redirect host, how it registered). */
export interface ClientIdentity {
  clientName: string;
  clientId: string;
  redirectHost: string;
  /** Registered through open dynamic registration (RFC 7591): anyone can call itself anything. */
  selfRegistered: boolean;
}

function identity(client: ClientIdentity): string {
  const warning = client.selfRegistered
    ? `<p class="note" id="self-registered">This application registered itself: its name is what it says about itself. Check where it returns you.</p>`
    : '';
  return `<dl class="client" id="client-identity"><dt>Application</dt><dd>${escapeHtml(client.clientName)}</dd><dt>Client ID</dt><dd><code>${escapeHtml(client.clientId)}</code></dd><dt>Returns you to</dt><dd><code>${escapeHtml(client.redirectHost)}</code></dd></dl>
${warning}`;
}

export function loginPage(input: {
  serverName: string;
  client: ClientIdentity;
  action: string;
  error?: string;
  username?: string;
}): string {
  const error = input.error ? `<div class="error" role="alert">${escapeHtml(input.error)}</div>` : '';
  return layout(
    'Sign in',
    input.serverName,
    `<h1>Sign in to ${escapeHtml(input.serverName)}</h1>
<p class="sub">${escapeHtml(input.client.clientName)} asks to access your account.</p>
${identity(input.client)}
${error}
<form method="post" action="${escapeHtml(input.action)}">
<label for="text-field-username-input">Username</label>
<input id="text-field-username-input" name="username" type="text" autocomplete="username" value="${escapeHtml(input.username ?? '')}" required autofocus>
<label for="text-field-password-input">Password</label>
<input id="text-field-password-input" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>`,
  );
}

export function consentPage(input: {
  serverName: string;
  client: ClientIdentity;
  action: string;
  scopes: string[];
  /** RFC 9396 authorization_details, already put in words (@ofs/web detailsInWords). */
  authorizationDetails: Array<{ title: string; lines: string[] }>;
}): string {
  const scopes = input.scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('');
  const details = input.authorizationDetails
    .map(
      (d, i) =>
        `<section class="detail" id="authorization-detail-${i}"><h2>${escapeHtml(d.title)}</h2><ul>${d.lines
          .map((line) => `<li>${escapeHtml(line)}</li>`)
          .join('')}</ul></section>`,
    )
    .join('');
  return layout(
    'Consent',
    input.serverName,
    `<h1>Allow access?</h1>
<p class="sub">${escapeHtml(input.client.clientName)} asks for:</p>
${identity(input.client)}
<ul id="requested-scopes">${scopes}</ul>
${details}
<form method="post" action="${escapeHtml(input.action)}">
<button type="submit" name="action" value="deny" class="secondary">Cancel</button>
<button type="submit" name="action" value="confirm">I Agree</button>
</form>`,
  );
}

export function errorPage(serverName: string, message: string): string {
  return layout(
    'Error',
    serverName,
    `<h1>Invalid Request</h1><p class="error" role="alert">${escapeHtml(message)}</p>`,
  );
}
