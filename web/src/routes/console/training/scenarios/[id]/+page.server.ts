import { error, fail } from '@sveltejs/kit';
import { createTrainingApi } from '$lib/api/training';
import { translator } from '$lib/i18n/i18n';
import {
  BLANK_STEPS,
  scenarioBody,
  scenarioErrors,
  scenarioFormValues,
  scenarioValues,
} from '$lib/server/scenario-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, params, url }) => {
  const result = await createTrainingApi(fetch).scenario(params.id);
  if (!result.ok)
    error(result.status === 400 ? 404 : result.status, {
      message: result.error.message,
      code: result.error.code,
    });
  return {
    scenario: result.data,
    values: scenarioValues(result.data),
    blankSteps: BLANK_STEPS,
    saved: url.searchParams.has('saved'),
  };
};

export const actions: Actions = {
  default: async ({ request, fetch, params, locals }) => {
    const t = translator(locals.lang);
    const values = scenarioFormValues(await request.formData());
    const result = await createTrainingApi(fetch).updateScenario(params.id, scenarioBody(values));
    if (!result.ok) return fail(result.status, { values, errors: scenarioErrors(result.error, t, values) });
    return { values: scenarioValues(result.data), done: t('training.scenario_saved') };
  },
};
