import { redirect } from '@sveltejs/kit';
import { createApi, SESSION_COOKIE } from '$lib/api/client';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/console');

export const actions: Actions = {
  default: async ({ fetch, cookies }) => {
    await createApi(fetch).logout();
    cookies.delete(SESSION_COOKIE, { path: '/' });
    redirect(303, '/console/login?loggedOut=1');
  },
};
