import { fail, redirect } from '@sveltejs/kit';
import { createApi, readSessionCookie, SESSION_COOKIE } from '$lib/api/client';
import { translator } from '$lib/i18n/i18n';
import { apiFormErrors, text, type FormErrors } from '$lib/server/forms';
import { consoleCookieAttributes } from '$lib/server/cookies';
import type { Actions, PageServerLoad } from './$types';

function safeNext(next: string | null): string {
  return next && next.startsWith('/console') && !next.startsWith('//') ? next : '/console';
}

export const load: PageServerLoad = async ({ fetch, url, locals, cookies }) => {
  if (cookies.get(SESSION_COOKIE)) {
    const me = await createApi(fetch).me();
    if (me.ok) redirect(303, safeNext(url.searchParams.get('next')));
  }
  return {
    lang: locals.lang,
    loggedOut: url.searchParams.has('loggedOut'),
    sessionEnded: url.searchParams.has('ended'),
  };
};

export const actions: Actions = {
  default: async ({ request, fetch, cookies, url, locals }) => {
    const t = translator(locals.lang);
    const form = await request.formData();
    const email = text(form, 'email');
    const password = typeof form.get('password') === 'string' ? (form.get('password') as string) : '';
    const errors: FormErrors = {};
    if (!email) errors.email = t('error.field.invalid');
    if (!password) errors.password = t('error.field.invalid');
    if (Object.keys(errors).length) return fail(400, { email, errors });

    const result = await createApi(fetch).login(email, password);
    if (!result.ok) {
      // One message for any wrong credential; no hint which one was wrong.
      const formErrors = apiFormErrors(result.error, t);
      return fail(result.status === 429 ? 429 : 400, {
        email,
        errors: { _form: formErrors._form ?? '' } as FormErrors,
      });
    }
    const session = readSessionCookie(result.headers);
    if (!session) return fail(500, { email, errors: { _form: t('error.generic') } as FormErrors });
    cookies.set(SESSION_COOKIE, session.value, {
      ...consoleCookieAttributes(url),
      ...(session.expires ? { expires: session.expires } : {}),
    });
    redirect(
      303,
      result.data.staff.mustChangePassword ? '/console/password' : safeNext(url.searchParams.get('next')),
    );
  },
};
