import { error, fail, redirect } from '@sveltejs/kit';
import { createBookingApi } from '$lib/api/booking';
import { translator } from '$lib/i18n/i18n';
import {
  availabilityChannels,
  checkAvailability,
  readAvailabilityForm,
  valuesOf,
} from '$lib/server/availability-form';
import { apiFormErrors } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const handlers = ['counsellor', 'org_admin', 'admin'];

export const load: PageServerLoad = async ({ fetch, url, locals }) => {
  const staff = locals.staff!;
  if (!handlers.includes(staff.role))
    error(403, { message: 'Office hours are for counsellors', code: 'auth.forbidden' });
  const result = await createBookingApi(fetch).myAvailability();
  if (!result.ok)
    error(result.status === 403 ? 403 : 503, { message: result.error.message, code: result.error.code });
  return {
    values: valuesOf(result.data),
    channels: availabilityChannels,
    saved: url.searchParams.get('saved') === '1',
  };
};

export const actions: Actions = {
  default: async ({ fetch, request, locals }) => {
    const t = translator(locals.lang);
    const values = readAvailabilityForm(await request.formData());
    const checked = checkAvailability(values, t);
    if ('errors' in checked) return fail(400, { values, errors: checked.errors });
    const result = await createBookingApi(fetch).saveMyAvailability(checked.body);
    if (!result.ok) {
      return fail(result.status === 400 ? 400 : 503, {
        values,
        errors: [apiFormErrors(result.error, t)._form ?? t('error.generic')],
      });
    }
    redirect(303, '/console/availability?saved=1');
  },
};
