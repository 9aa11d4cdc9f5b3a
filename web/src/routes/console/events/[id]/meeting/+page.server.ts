import { error } from '@sveltejs/kit';
import { createEventsApi } from '$lib/api/events';
import { eventHandlers as handlers } from '../../access';
import type { PageServerLoad } from './$types';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A session's meeting room for its staff; the API checks that it is the staff's provider's. */
export const load: PageServerLoad = async ({ fetch, params, locals }) => {
  if (!handlers.includes(locals.staff!.role))
    error(403, { message: 'Meetings are for counsellors', code: 'auth.forbidden' });
  if (!uuid.test(params.id)) error(404, { message: 'Not found' });
  const result = await createEventsApi(fetch).manageGet(params.id);
  if (!result.ok)
    error(result.status === 404 || result.status === 403 ? result.status : 503, {
      message: result.error.message,
      code: result.error.code,
    });
  const event = result.data;
  if (!event.meetingRoom)
    error(404, { message: 'This session has no meeting room', code: 'meeting.not_found' });
  return {
    eventId: event.id,
    event: { title: event.title, startsAt: event.startsAt, endsAt: event.endsAt },
  };
};
