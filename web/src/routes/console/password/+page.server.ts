import { fail } from '@sveltejs/kit';
import { createApi, readSessionCookie, SESSION_COOKIE } from '$lib/api/client';
import { translator } from '$lib/i18n/i18n';
import { apiFormErrors, type FormErrors } from '$lib/server/forms';
import { consoleCookieAttributes } from '$lib/server/cookies';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => ({
  mustChange: locals.staff?.mustChangePassword ?? false,
  changed: url.searchParams.has('changed'),
});

const raw = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

export const actions: Actions = {
  default: async ({ request, fetch, cookies, url, locals }) => {
    const t = translator(locals.lang);
    const form = await request.formData();
    const currentPassword = raw(form, 'currentPassword');
    const newPassword = raw(form, 'newPassword');
    const confirmPassword = raw(form, 'confirmPassword');
    const errors: FormErrors = {};
    if (!currentPassword) errors.currentPassword = t('error.field.invalid');
    if (newPassword.length < 12) errors.newPassword = t('password.new_hint');
    else if (newPassword !== confirmPassword) errors.confirmPassword = t('password.mismatch');
    if (Object.keys(errors).length) return fail(400, { errors });

    const result = await createApi(fetch).changePassword(currentPassword, newPassword);
    if (!result.ok) return fail(result.status, { errors: apiFormErrors(result.error, t) });
    const session = readSessionCookie(result.headers);
    if (session) {
      cookies.set(SESSION_COOKIE, session.value, {
        ...consoleCookieAttributes(url),
        ...(session.expires ? { expires: session.expires } : {}),
      });
    }
    return { success: true };
  },
};
