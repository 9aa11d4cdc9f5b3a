import { error, fail, redirect } from '@sveltejs/kit';
import { createTrainingApi } from '$lib/api/training';
import { translator } from '$lib/i18n/i18n';
import {
  BLANK_STEPS,
  emptyScenarioValues,
  scenarioBody,
  scenarioErrors,
  scenarioFormValues,
} from '$lib/server/scenario-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  const staff = locals.staff!;
  if (staff.role !== 'admin' && !staff.grants.includes('trainer'))
    error(403, { message: 'Scenarios are written by trainers', code: 'auth.forbidden' });
  return { values: emptyScenarioValues(), blankSteps: BLANK_STEPS + 2 };
};

export const actions: Actions = {
  default: async ({ request, fetch, locals }) => {
    const t = translator(locals.lang);
    const values = scenarioFormValues(await request.formData());
    const result = await createTrainingApi(fetch).createScenario(scenarioBody(values));
    if (!result.ok) return fail(result.status, { values, errors: scenarioErrors(result.error, t, values) });
    redirect(303, `/console/training/scenarios/${result.data.id}?saved=1`);
  },
};
