import { error, fail } from '@sveltejs/kit';
import { eventsSegment, eventUrl } from '$server/shared/urls/event-urls';
import { createEventsApi } from '$lib/api/events';
import { langs, translator, type Lang } from '$lib/i18n/i18n';
import { failureStatus, inFieldOrder } from '$lib/server/contact-forms';
import {
  checkRegistrationForm,
  registrationApiErrors,
  registrationFields,
  registrationFormValues,
} from '$lib/server/registration-form';
import type { Actions, PageServerLoad } from './$types';

export const csr = false;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkAddress(params: { lang: string; events: string; id: string }): Lang {
  const lang = params.lang as Lang;
  if (params.events !== eventsSegment[lang] || !uuid.test(params.id)) error(404, { message: 'Not found' });
  return lang;
}

export const load: PageServerLoad = async ({ fetch, params }) => {
  const lang = checkAddress(params);
  const result = await createEventsApi(fetch).get(params.id, lang);
  if (!result.ok) error(result.status === 404 ? 404 : 503, { message: result.error.message });
  return {
    event: result.data,
    alternates: langs.map((l) => ({ hreflang: l, href: eventUrl(l, params.id) })),
  };
};

export const actions: Actions = {
  /** Registers for a session (docs/events.md): a place, a place in the queue, or the earlier one. */
  default: async ({ fetch, params, request }) => {
    const lang = checkAddress(params);
    const t = translator(lang);
    const values = registrationFormValues(await request.formData());
    const api = createEventsApi(fetch);
    const event = await api.get(params.id, lang);
    if (!event.ok) error(event.status === 404 ? 404 : 503, { message: event.error.message });
    const checked = checkRegistrationForm(values, event.data.languages, lang, t);
    if ('errors' in checked) {
      return fail(400, { values, errors: inFieldOrder(checked.errors, registrationFields) });
    }
    const result = await api.register(params.id, checked.body);
    if (!result.ok) {
      if (result.status === 404) error(404, { message: 'Not found', code: result.error.code });
      const errors = registrationApiErrors(result.error, t);
      return fail(failureStatus(result.status), { values, errors: inFieldOrder(errors, registrationFields) });
    }
    const { status, position, alreadyRegistered } = result.data;
    return { registered: { status, position, alreadyRegistered, email: values.email } };
  },
};
