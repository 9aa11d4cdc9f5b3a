import { error, fail, redirect } from '@sveltejs/kit';
import { createShadowingApi, createTrainingApi } from '$lib/api/training';
import { translator } from '$lib/i18n/i18n';
import { apiFormErrors } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const practising = ['counsellor', 'org_admin', 'admin'];

/**
 * The training page: scenarios to practise on and one's practice conversations; for trainers
 * also live play and the conversations awaiting a review; the team's progress for those who
 * follow it (trainers, admins, a provider's admins).
 */
export const load: PageServerLoad = async ({ fetch, locals }) => {
  const staff = locals.staff!;
  const isTrainer = staff.role === 'admin' || staff.grants.includes('trainer');
  if (!practising.includes(staff.role) && !isTrainer)
    error(403, { message: 'Training is for counsellors and trainers', code: 'auth.forbidden' });
  const api = createTrainingApi(fetch);
  const followsTeam = isTrainer || staff.role === 'org_admin';
  const [scenarios, sessions, team, shadowable] = await Promise.all([
    practising.includes(staff.role) || isTrainer ? api.scenarios() : Promise.resolve(null),
    api.sessions(),
    followsTeam ? api.team() : Promise.resolve(null),
    practising.includes(staff.role) ? createShadowingApi(fetch).chats() : Promise.resolve(null),
  ]);
  if (!sessions.ok) error(sessions.status, { message: sessions.error.message, code: sessions.error.code });
  return {
    isTrainer,
    mayPractise: practising.includes(staff.role),
    scenarios: scenarios?.ok ? scenarios.data.items : [],
    sessions: sessions.data,
    team: team?.ok ? team.data.items : null,
    shadowable: shadowable?.ok ? shadowable.data.items : [],
    staffId: staff.id,
  };
};

export const actions: Actions = {
  /** A scripted practice: to its page at once. */
  start: async ({ request, fetch, locals }) => {
    const t = translator(locals.lang);
    const form = await request.formData();
    const result = await createTrainingApi(fetch).start({ scenarioId: String(form.get('scenarioId') ?? '') });
    if (!result.ok) return fail(result.status, { action: 'start', errors: apiFormErrors(result.error, t) });
    redirect(303, `/console/training/sessions/${result.data.id}`);
  },
  /** Asks a colleague to let one follow their live chat: to the page that waits for the answer. */
  shadow: async ({ request, fetch, locals }) => {
    const t = translator(locals.lang);
    const form = await request.formData();
    const result = await createShadowingApi(fetch).request(String(form.get('conversationId') ?? ''));
    if (!result.ok) return fail(result.status, { action: 'shadow', errors: apiFormErrors(result.error, t) });
    redirect(303, `/console/training/shadow/${result.data.id}`);
  },
  /** A trainer plays the client for a counsellor: to the client's view. */
  live: async ({ request, fetch, locals }) => {
    const t = translator(locals.lang);
    const form = await request.formData();
    const scenarioId = String(form.get('scenarioId') ?? '');
    const counsellorId = String(form.get('counsellorId') ?? '');
    if (!scenarioId || !counsellorId) {
      const errors: Record<string, string> = {};
      if (!scenarioId) errors['live-scenario'] = t('training.live_scenario_missing');
      if (!counsellorId) errors['live-counsellor'] = t('training.live_counsellor_missing');
      return fail(400, { action: 'live', errors });
    }
    const result = await createTrainingApi(fetch).start({ scenarioId, mode: 'live', counsellorId });
    if (!result.ok) return fail(result.status, { action: 'live', errors: apiFormErrors(result.error, t) });
    redirect(303, `/console/training/sessions/${result.data.id}`);
  },
};
