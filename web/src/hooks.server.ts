import { redirect, type Handle, type HandleFetch } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { createApi, SESSION_COOKIE } from '$lib/api/client';
import { isLang, type Lang } from '$lib/i18n/i18n';
import { compressResponse } from '$lib/server/compress';
import { CONSOLE_LANG_COOKIE, consoleCookieAttributes } from '$lib/server/cookies';

function pageLang(pathname: string, consoleCookie: string | undefined): Lang {
  const first = pathname.split('/')[1];
  if (isLang(first)) return first;
  return isLang(consoleCookie) ? consoleCookie : 'fi';
}

/** Where a person whose role requires two-step verification sets it up before anything else. */
const TWO_STEP_PATH = '/console/profile/two-step';

export const handle: Handle = async ({ event, resolve }) => {
  event.locals.lang = pageLang(event.url.pathname, event.cookies.get(CONSOLE_LANG_COOKIE));
  const path = event.url.pathname;
  if (
    path.startsWith('/console') &&
    path !== '/console/login' &&
    !path.startsWith('/console/login/') &&
    !path.startsWith('/console/language') &&
    // A person setting their password through an invitation link has no session yet.
    !path.startsWith('/console/invitation/')
  ) {
    // Every console request, page or form post, is checked against the API: a revoked or
    // expired session, or a deactivated account, is sent to the login page at once.
    const me = await createApi(event.fetch).me();
    if (!me.ok) {
      if (me.status === 401) {
        const hadSession = event.cookies.get(SESSION_COOKIE) !== undefined;
        if (hadSession) event.cookies.delete(SESSION_COOKIE, consoleCookieAttributes(event.url));
        const next = encodeURIComponent(path + event.url.search);
        redirect(303, `/console/login?next=${next}${hadSession ? '&ended=1' : ''}`);
      }
      return new Response('Service unavailable', { status: 503, headers: { 'retry-after': '5' } });
    }
    event.locals.staff = me.data;
    if (me.data.mustChangePassword && path !== '/console/password' && path !== '/console/logout') {
      redirect(303, '/console/password');
    }
    if (
      !me.data.mustChangePassword &&
      me.data.mustSetUpTwoStep &&
      path !== TWO_STEP_PATH &&
      path !== '/console/profile/passkeys' &&
      path !== '/console/logout'
    ) {
      redirect(303, TWO_STEP_PATH);
    }
  }
  const response = await resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.lang),
  });
  if (event.url.pathname.startsWith('/console')) {
    // Staff pages carry personal data: never cache them anywhere.
    response.headers.set('cache-control', 'no-store');
  }
  return compressResponse(event.request, response);
};

/**
 * API calls from page code go to the API server directly (same process in production, a
 * separate one in development), carrying only the session cookie, the visitor's address and
 * the internal secret that lets the API trust that address.
 */
export const handleFetch: HandleFetch = async ({ event, request, fetch }) => {
  const url = new URL(request.url);
  if (url.origin !== event.url.origin || !url.pathname.startsWith('/api/')) return fetch(request);

  const target = new URL(url.pathname + url.search, env.INTERNAL_API_URL ?? 'http://127.0.0.1:3000');
  const headers = new Headers();
  for (const name of ['accept', 'content-type', 'accept-language']) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  // The browser, for the person's list of their sign-ins (the API stores it with a new session).
  const userAgent = event.request.headers.get('user-agent');
  if (userAgent) headers.set('user-agent', userAgent);
  const session = event.cookies.get(SESSION_COOKIE);
  if (session) headers.set('cookie', `${SESSION_COOKIE}=${session}`);
  if (env.INTERNAL_API_SECRET) {
    headers.set('x-opintori-internal', env.INTERNAL_API_SECRET);
    headers.set('x-opintori-client-ip', event.getClientAddress());
  }
  headers.set('x-request-id', crypto.randomUUID());
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return globalThis.fetch(target, {
    method: request.method,
    headers,
    ...(hasBody ? { body: await request.arrayBuffer() } : {}),
    redirect: 'manual',
  });
};
