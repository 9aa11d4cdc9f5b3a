import { error, fail, redirect } from '@sveltejs/kit';
import { createEventsApi } from '$lib/api/events';
import { translator } from '$lib/i18n/i18n';
import { checkEventForm, eventFieldNames, eventFormValues, valuesFromEvent } from '$lib/server/event-form';
import { apiFormErrors } from '$lib/server/forms';
import { eventHandlers as handlers } from '../access';
import { municipalityOptions } from '../municipality-options';
import type { Actions, PageServerLoad } from './$types';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async ({ fetch, params, locals }) => {
  if (!handlers.includes(locals.staff!.role))
    error(403, { message: 'Events are for counsellors', code: 'auth.forbidden' });
  if (!uuid.test(params.id)) error(404, { message: 'Not found' });
  const api = createEventsApi(fetch);
  const result = await api.manageGet(params.id);
  if (!result.ok)
    error(result.status === 404 || result.status === 403 ? result.status : 503, {
      message: result.error.message,
      code: result.error.code,
    });
  const counsellors = await api.counsellors(result.data.organisationId);
  return {
    event: result.data,
    values: valuesFromEvent(result.data),
    counsellors: counsellors.ok ? counsellors.data.items : [],
    municipalities: municipalityOptions(locals.lang),
  };
};

export const actions: Actions = {
  default: async ({ fetch, request, params, locals }) => {
    const t = translator(locals.lang);
    const values = eventFormValues(await request.formData());
    const checked = checkEventForm(values, t);
    if ('errors' in checked) return fail(400, { values, errors: checked.errors });
    const result = await createEventsApi(fetch).update(params.id, checked.body);
    if (!result.ok) {
      return fail(result.status === 403 ? 403 : result.status === 404 ? 404 : 400, {
        values,
        errors: apiFormErrors(result.error, t, eventFieldNames),
      });
    }
    redirect(303, '/console/events?saved=saved');
  },
};
