import { error } from '@sveltejs/kit';
import { createTrainingApi } from '$lib/api/training';
import type { PageServerLoad } from './$types';

/** Every scenario, those out of use too: for trainers, who write them. */
export const load: PageServerLoad = async ({ fetch, locals }) => {
  const staff = locals.staff!;
  if (staff.role !== 'admin' && !staff.grants.includes('trainer'))
    error(403, { message: 'Scenarios are written by trainers', code: 'auth.forbidden' });
  const result = await createTrainingApi(fetch).scenarios(undefined, true);
  if (!result.ok) error(result.status, { message: result.error.message, code: result.error.code });
  return { scenarios: result.data.items };
};
