import { fail, redirect } from '@sveltejs/kit';
import { createApi, readSessionCookie, SESSION_COOKIE } from '$lib/api/client';
import { translator } from '$lib/i18n/i18n';
import { apiFormErrors, type FormErrors } from '$lib/server/forms';
import { consoleCookieAttributes } from '$lib/server/cookies';
import type { Actions, PageServerLoad } from './$types';

/**
 * A staff member's invitation (or new-password) link: they set their own password and are
 * signed in, or sent to sign in when their account has a second step. A used, replaced or
 * expired link says so and what to do.
 */
export const load: PageServerLoad = async ({ fetch, params, locals, setHeaders }) => {
  // The token is in the address: never pass it on to another site.
  setHeaders({ 'referrer-policy': 'same-origin' });
  const api = createApi(fetch);
  const invitation = await api.invitation(params.token);
  // Where the person's domain signs in through its identity provider, that is offered too (the
  // account is linked at the first sign-in there), or instead when passwords are switched off.
  const sso = invitation.ok ? await api.discoverSignIn(invitation.data.email) : undefined;
  return {
    lang: locals.lang,
    invitation: invitation.ok ? invitation.data : undefined,
    sso:
      sso?.ok && sso.data.provider
        ? { ...sso.data.provider, passwordSignIn: sso.data.passwordSignIn }
        : undefined,
  };
};

const raw = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

export const actions: Actions = {
  default: async ({ request, fetch, params, cookies, url, locals }) => {
    const t = translator(locals.lang);
    const form = await request.formData();
    const newPassword = raw(form, 'newPassword');
    const confirmPassword = raw(form, 'confirmPassword');
    const errors: FormErrors = {};
    if (newPassword.length < 12) errors.newPassword = t('password.new_hint');
    else if (newPassword !== confirmPassword) errors.confirmPassword = t('password.mismatch');
    if (Object.keys(errors).length) return fail(400, { errors });

    const result = await createApi(fetch).acceptInvitation(params.token, newPassword);
    if (!result.ok) {
      if (result.error.code === 'invitation.invalid') return fail(404, { gone: true });
      return fail(result.status, { errors: apiFormErrors(result.error, t, { password: 'newPassword' }) });
    }
    if ('passwordSet' in result.data) redirect(303, '/console/login?passwordSet=1');
    const session = readSessionCookie(result.headers);
    if (session) {
      cookies.set(SESSION_COOKIE, session.value, {
        ...consoleCookieAttributes(url),
        ...(session.expires ? { expires: session.expires } : {}),
      });
    }
    redirect(303, '/console');
  },
};
