import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/*
 * A real OpenID Connect provider (the `oidc-provider` package) on a free local port, for the
 * single sign-on tests: its development sign-in pages accept any login, which becomes the
 * account's email. `signIn` walks those pages as a browser would and returns where the
 * provider sends the browser back.
 */

export interface TestIssuer {
  issuer: string;
  clients: { clientId: string; clientSecret: string }[];
  /** From the authorization URL through the provider's sign-in and consent to the redirect back. */
  signIn(authorizationUrl: string, login: string): Promise<URL>;
  close(): Promise<void>;
}

export async function startTestIssuer(redirectUri: string): Promise<TestIssuer> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients = [
    { clientId: 'opintori', clientSecret: 'opintori-client-secret-for-tests' },
    { clientId: 'another-service', clientSecret: 'another-client-secret-for-tests' },
  ];
  const provider = new Provider(issuer, {
    clients: clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: [redirectUri],
      token_endpoint_auth_method: 'client_secret_post',
    })),
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({
        sub: `subject-${id}`,
        email: id,
        email_verified: true,
        name: `Testi ${id.split('@')[0]}`,
      }),
    }),
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['oidc-test-cookie-key'] },
  });
  // The provider refuses plain HTTP outside development; this one lives only in the test.
  provider.proxy = true;
  server.on('request', provider.callback());

  return {
    issuer,
    clients,
    async signIn(authorizationUrl, login) {
      const jar = new Map<string, string>();
      const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
      const keep = (response: Response) => {
        for (const line of response.headers.getSetCookie()) {
          const [pair] = line.split(';');
          const [name, ...value] = pair!.split('=');
          jar.set(name!.trim(), value.join('='));
        }
      };
      let url = new URL(authorizationUrl);
      for (let hop = 0; hop < 20; hop += 1) {
        if (url.toString().startsWith(redirectUri)) return url;
        let response = await fetch(url, { redirect: 'manual', headers: { cookie: cookieHeader() } });
        keep(response);
        if (response.status === 200) {
          // A sign-in or consent page: answer its form.
          const html = await response.text();
          const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
          const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
          if (!action || !prompt)
            throw new Error(`unexpected page from the test issuer: ${html.slice(0, 200)}`);
          const body = new URLSearchParams({
            prompt,
            ...(prompt === 'login' ? { login, password: 'any' } : {}),
          });
          response = await fetch(new URL(action, url), {
            method: 'POST',
            redirect: 'manual',
            headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
            body,
          });
          keep(response);
        }
        const location = response.headers.get('location');
        if (!location) throw new Error(`the test issuer answered ${response.status} without a redirect`);
        url = new URL(location, url);
      }
      throw new Error('too many redirects at the test issuer');
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
