import { safeNext } from '$lib/server/next-page';
import type { Actions, PageServerLoad } from './$types';

/** Signing in with a passkey: alone, or as the second step a password sign-in sent here. */
export const load: PageServerLoad = ({ locals, url }) => ({
  lang: locals.lang,
  next: safeNext(url.searchParams.get('next')),
});

export const actions: Actions = {
  // From the code page: the password was right and the second step is a passkey.
  default: async ({ request }) => {
    const challenge = (await request.formData()).get('challenge');
    return { challenge: typeof challenge === 'string' ? challenge : '' };
  },
};
