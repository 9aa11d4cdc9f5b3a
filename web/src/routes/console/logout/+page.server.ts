import { redirect } from '@sveltejs/kit';
import { createApi, SESSION_COOKIE } from '$lib/api/client';
import { consoleCookieAttributes, IDP_LOGOUT_COOKIE } from '$lib/server/cookies';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/console');

export const actions: Actions = {
  default: async ({ fetch, cookies, url }) => {
    const api = createApi(fetch);
    // Asked before the session ends: the identity provider it came from, if it has a sign-out.
    const idp = await api.ssoLogoutUrl();
    await api.logout();
    cookies.delete(SESSION_COOKIE, consoleCookieAttributes(url));
    if (idp.ok && idp.data.url) {
      cookies.set(IDP_LOGOUT_COOKIE, idp.data.url, { ...consoleCookieAttributes(url), maxAge: 60 });
    }
    redirect(303, '/console/login?loggedOut=1');
  },
};
