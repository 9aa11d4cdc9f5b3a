import { redirect } from '@sveltejs/kit';
import { createApi, SESSION_COOKIE } from '$lib/api/client';
import { consoleCookieAttributes } from '$lib/server/cookies';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/console');

export const actions: Actions = {
  default: async ({ fetch, cookies, url }) => {
    await createApi(fetch).logout();
    cookies.delete(SESSION_COOKIE, consoleCookieAttributes(url));
    redirect(303, '/console/login?loggedOut=1');
  },
};
