import { redirect } from '@sveltejs/kit';
import { isLang } from '$lib/i18n/i18n';
import { CONSOLE_LANG_COOKIE, consoleCookieAttributes } from '$lib/server/cookies';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/console');

export const actions: Actions = {
  default: async ({ request, cookies, url }) => {
    const form = await request.formData();
    const lang = form.get('lang');
    if (isLang(lang)) {
      cookies.set(CONSOLE_LANG_COOKIE, lang, {
        ...consoleCookieAttributes(url),
        maxAge: 60 * 60 * 24 * 365,
      });
    }
    const next = form.get('next');
    // Only same-site paths: never an open redirect.
    const target =
      typeof next === 'string' && next.startsWith('/console') && !next.startsWith('//') ? next : '/console';
    redirect(303, target);
  },
};
