import { error, fail, redirect } from '@sveltejs/kit';
import { eventsSegment, registrationSegment, registrationUrl } from '$server/shared/urls/event-urls';
import { createEventsApi } from '$lib/api/events';
import { langs, type Lang } from '$lib/i18n/i18n';
import type { Actions, PageServerLoad } from './$types';

export const csr = false;

type Problem = 'already_cancelled' | 'closed' | 'failed';

/** The segments of this language only: /fi/tapahtumat/ilmoittautuminen/…, not a mix. */
function checkAddress(params: { lang: string; events: string; registration: string }): Lang {
  const lang = params.lang as Lang;
  if (params.events !== eventsSegment[lang] || params.registration !== registrationSegment[lang]) {
    error(404, { message: 'Not found' });
  }
  return lang;
}

/**
 * The link in the registration mail: the session, where the person stands, and cancelling.
 * The token is the only key, so the page is never cached or indexed and sends no referrer out.
 */
export const load: PageServerLoad = async ({ fetch, params, url, setHeaders }) => {
  const lang = checkAddress(params);
  setHeaders({ 'cache-control': 'no-store', 'referrer-policy': 'same-origin' });
  const result = await createEventsApi(fetch).ownRegistration(params.token, lang);
  if (!result.ok) {
    if (result.status === 404 || result.status === 400) {
      error(404, { message: 'Not found', code: 'registration.not_found' });
    }
    error(503, { message: result.error.message, code: result.error.code });
  }
  return {
    registration: result.data,
    done: url.searchParams.get('done') === 'cancelled',
    alternates: langs.map((l) => ({ hreflang: l, href: registrationUrl(l, params.token) })),
  };
};

export const actions: Actions = {
  cancel: async ({ fetch, params }) => {
    const lang = checkAddress(params);
    const result = await createEventsApi(fetch).cancelRegistration(params.token, lang);
    if (!result.ok) {
      if (result.status === 404) error(404, { message: 'Not found', code: 'registration.not_found' });
      const problem: Problem =
        result.error.code === 'registration.already_cancelled'
          ? 'already_cancelled'
          : result.error.code === 'registration.closed'
            ? 'closed'
            : 'failed';
      return fail(result.status === 409 ? 409 : 503, { problem });
    }
    redirect(303, `${registrationUrl(lang, params.token)}?done=cancelled`);
  },
};
