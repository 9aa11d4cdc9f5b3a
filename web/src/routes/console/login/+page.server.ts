import { safeNext } from '$lib/server/next-page';
import { fail, redirect, type Cookies } from '@sveltejs/kit';
import { createApi, readSessionCookie, SESSION_COOKIE, type StaffView } from '$lib/api/client';
import { translator, type Translate } from '$lib/i18n/i18n';
import { apiFormErrors, text, type FormErrors } from '$lib/server/forms';
import { consoleCookieAttributes, IDP_LOGOUT_COOKIE } from '$lib/server/cookies';
import type { Actions, PageServerLoad } from './$types';

/** The identity provider's sign-out address the sign-out left for this page, read once. */
function readIdpLogout(cookies: Cookies, url: URL): string | null {
  const value = cookies.get(IDP_LOGOUT_COOKIE);
  if (!value) return null;
  cookies.delete(IDP_LOGOUT_COOKIE, consoleCookieAttributes(url));
  return /^https?:\/\//.test(value) ? value : null;
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
    passwordSet: url.searchParams.has('passwordSet'),
    // Back from an identity provider without a sign-in: why (a code of the API's).
    ssoError: url.searchParams.get('sso'),
    // The identity provider's own sign-out, offered once after signing out of OpinTori.
    idpLogout: readIdpLogout(cookies, url),
    // Named form actions replace the query: the page passes the return address on itself.
    next: url.searchParams.get('next'),
  };
};

/** Keeps the session the API issued and goes on: to the password change first when one is due. */
function signedIn(
  result: { headers: Headers; data: { staff: StaffView } },
  cookies: Cookies,
  url: URL,
  t: Translate,
  email: string,
) {
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
}

export const actions: Actions = {
  login: async ({ request, fetch, cookies, url, locals }) => {
    const t = translator(locals.lang);
    const form = await request.formData();
    const email = text(form, 'email');
    const password = typeof form.get('password') === 'string' ? (form.get('password') as string) : '';
    const errors: FormErrors = {};
    if (!email) {
      errors.email = t('error.field.invalid');
      if (!password) errors.password = t('error.field.invalid');
      return fail(400, { email, errors });
    }

    // Email first: a domain whose provider signs its staff in elsewhere goes there.
    const api = createApi(fetch);
    const discovered = await api.discoverSignIn(email);
    const sso = discovered.ok ? discovered.data : undefined;
    if (sso?.provider && (!password || !sso.passwordSignIn)) {
      const query = new URLSearchParams({
        provider: sso.provider.id,
        next: safeNext(url.searchParams.get('next')),
        email,
      });
      redirect(303, `/console/login/sso?${query}`);
    }
    if (!password) errors.password = t('error.field.invalid');
    if (Object.keys(errors).length) return fail(400, { email, errors });

    const result = await api.login(email, password);
    if (!result.ok) {
      // One message for any wrong credential; no hint which one was wrong.
      const formErrors = apiFormErrors(result.error, t);
      return fail(result.status === 429 ? 429 : 400, {
        email,
        errors: { _form: formErrors._form ?? '' } as FormErrors,
      });
    }
    if ('secondStep' in result.data) {
      // The password was right: the page asks for the code, carrying the challenge along.
      const { challenge, methods } = result.data.secondStep;
      return { email, step: 'code' as const, challenge, methods, recovery: false };
    }
    return signedIn({ headers: result.headers, data: result.data }, cookies, url, t, email);
  },

  code: async ({ request, fetch, cookies, url, locals }) => {
    const t = translator(locals.lang);
    const form = await request.formData();
    const email = text(form, 'email');
    const challenge = text(form, 'challenge');
    const useRecovery = form.has('recoveryCode');
    const value = text(form, useRecovery ? 'recoveryCode' : 'code');
    const field = useRecovery ? 'recoveryCode' : 'code';
    const methods = form.getAll('methods').filter((value): value is string => typeof value === 'string');
    const again = { email, step: 'code' as const, challenge, methods, recovery: useRecovery };
    if (!value) {
      return fail(400, { ...again, errors: { [field]: t('login.code_missing') } as FormErrors });
    }
    const result = await createApi(fetch).loginSecondStep({
      challenge,
      ...(useRecovery ? { recoveryCode: value } : { code: value }),
    });
    if (!result.ok) {
      if (result.error.code === 'auth.challenge_expired') {
        // Back to the password: the sign-in has to start over.
        return fail(401, { email, errors: { _form: t('error.auth.challenge_expired') } as FormErrors });
      }
      const formErrors = apiFormErrors(result.error, t);
      const message = formErrors._form ?? t('error.generic');
      return fail(result.status === 429 ? 429 : 400, {
        ...again,
        errors: (result.status === 429
          ? { _form: message }
          : { _form: message, [field]: message }) as FormErrors,
      });
    }
    return signedIn(result, cookies, url, t, email);
  },
};
