import { error, fail, redirect } from '@sveltejs/kit';
import { createEventsApi } from '$lib/api/events';
import { errorMessage, translator } from '$lib/i18n/i18n';
import { text } from '$lib/server/forms';
import { eventHandlers as handlers } from '../../access';
import type { Actions, PageServerLoad } from './$types';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A session's registrations with the counts; the API checks that it is the staff's provider's. */
export const load: PageServerLoad = async ({ fetch, params, url, locals }) => {
  if (!handlers.includes(locals.staff!.role))
    error(403, { message: 'Events are for counsellors', code: 'auth.forbidden' });
  if (!uuid.test(params.id)) error(404, { message: 'Not found' });
  const result = await createEventsApi(fetch).registrations(params.id);
  if (!result.ok)
    error(result.status === 404 || result.status === 403 ? result.status : 503, {
      message: result.error.message,
      code: result.error.code,
    });
  return { list: result.data, saved: url.searchParams.get('saved') === 'attendance' };
};

/** `attended=true|false` from the row's two buttons. */
const attendedOf = (value: string) => (value === 'true' ? true : value === 'false' ? false : null);

export const actions: Actions = {
  attendance: async ({ fetch, params, request, locals }) => {
    const form = await request.formData();
    const registrationId = text(form, 'registrationId');
    const attended = attendedOf(text(form, 'attended'));
    if (!uuid.test(registrationId) || attended === null)
      return fail(400, { error: errorMessage(translator(locals.lang), 'request.invalid') });
    const result = await createEventsApi(fetch).markAttendance(params.id, registrationId, attended);
    if (!result.ok) {
      return fail(
        result.status === 404 || result.status === 403 || result.status === 409 ? result.status : 400,
        {
          error: errorMessage(translator(locals.lang), result.error.code),
        },
      );
    }
    redirect(303, `/console/events/${params.id}/registrations?saved=attendance`);
  },
};
