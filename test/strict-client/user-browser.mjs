// The user's browser for the strict-client scripts: the server's own login and consent pages, cookies kept,
// redirects followed while they stay on the server. Plain fetch, as a browser without JavaScript would.

/**
 * Opens `authorizationUrl`, signs in as `user` / `p@ssword!`, agrees on the consent page and returns the
 * client's callback URL (the first redirect that leaves the issuer's origin) with the consent page's HTML.
 */
export async function signInAndAgree(authorizationUrl, issuer) {
  const cookies = new Map();
  async function browse(url, init = {}) {
    const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers ?? {}), ...(cookie ? { cookie } : {}) },
    });
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const i = pair.indexOf('=');
      cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  }
  const form = (fields) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  async function follow(res) {
    while (res.status === 303) {
      const next = new URL(res.headers.get('location'), issuer);
      if (next.origin !== issuer.origin) return next;
      res = await browse(next);
    }
    throw new Error(`unexpected ${res.status} from ${res.url}: ${(await res.text()).slice(0, 300)}`);
  }
  const start = await browse(authorizationUrl);
  const loginUrl = new URL(start.headers.get('location'), issuer);
  const loginPage = await (await browse(loginUrl)).text();
  if (!loginPage.includes('id="text-field-username-input"')) throw new Error('no login page');
  const consent = await browse(loginUrl, form({ username: 'user', password: 'p@ssword!' }));
  const consentUrl = new URL(consent.headers.get('location'), issuer);
  const consentPage = await (await browse(consentUrl)).text();
  const callback = await follow(await browse(consentUrl, form({ action: 'confirm' })));
  return { callback, consentPage };
}
