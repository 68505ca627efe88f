/** A minimal browser for e2e tests: keeps cookies by name, follows nothing by itself. */
export class TestBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly localBase: string,
    private readonly publicBase: string,
  ) {}

  async get(url: string): Promise<Response> {
    return this.request(url, { method: 'GET' });
  }

  async post(url: string, form: Record<string, string>): Promise<Response> {
    return this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }

  /** Follows same-server 303s; stops at the first redirect that leaves the server (the client's callback). */
  async follow(response: Response): Promise<Response | URL> {
    let current = response;
    for (let i = 0; i < 10 && current.status === 303; i++) {
      const location = new URL(current.headers.get('location')!, this.publicBase);
      if (location.origin !== new URL(this.publicBase).origin) return location;
      current = await this.get(location.href);
    }
    return current;
  }

  private async request(url: string, init: RequestInit): Promise<Response> {
    const target = new URL(url, this.publicBase).href.replace(this.publicBase, this.localBase);
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(target, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers ?? {}), ...(cookie ? { cookie } : {}) },
    });
    for (const setCookie of res.headers.getSetCookie()) {
      const [pair] = setCookie.split(';');
      const index = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, index), pair!.slice(index + 1));
    }
    return res;
  }
}
