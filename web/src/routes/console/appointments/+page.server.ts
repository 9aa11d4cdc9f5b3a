import { error } from '@sveltejs/kit';
import { createBookingApi } from '$lib/api/booking';
import type { PageServerLoad } from './$types';

const handlers = ['counsellor', 'org_admin', 'admin'];
/** How far ahead the calendar lists. */
const DAYS_AHEAD = 30;

export const load: PageServerLoad = async ({ fetch, url, locals }) => {
  const staff = locals.staff!;
  if (!handlers.includes(staff.role))
    error(403, { message: 'Appointments are for counsellors', code: 'auth.forbidden' });
  const canSeeTeam = staff.role !== 'counsellor';
  const view = canSeeTeam && url.searchParams.get('view') === 'team' ? 'team' : 'mine';
  const result = await createBookingApi(fetch).appointments(view, { days: DAYS_AHEAD, status: 'booked' });
  if (!result.ok)
    error(result.status === 403 ? 403 : 503, { message: result.error.message, code: result.error.code });
  return { view, canSeeTeam, items: result.data.items };
};
