import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/**
 * A step between the sign-in form and the identity provider. The console's Content Security
 * Policy (form-action 'self') stops a form submission from being redirected to another site, so
 * the form comes here first and this page moves on by itself (a refresh, no script needed).
 */
export const load: PageServerLoad = ({ url, locals }) => {
  const provider = url.searchParams.get('provider') ?? '';
  if (!/^[0-9a-f-]{36}$/.test(provider))
    error(404, { message: 'No such identity provider', code: 'auth.sso_unavailable' });
  const query = new URLSearchParams();
  for (const name of ['next', 'email']) {
    const value = url.searchParams.get(name);
    if (value) query.set(name, value);
  }
  return { lang: locals.lang, startUrl: `/api/v1/auth/sso/${provider}/start?${query}` };
};
