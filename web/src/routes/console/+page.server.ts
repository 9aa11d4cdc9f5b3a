import { createConsoleHomeApi } from '$lib/api/console-home';
import { createTrainingApi } from '$lib/api/training';
import type { PageServerLoad } from './$types';

/** The checklist is for those whose work is counselling; service admins are spared it. */
const counselling = ['counsellor', 'org_admin'];

/**
 * The day's work, read on the server so the page is whole without JavaScript too. Should the
 * reading fail, the page still greets the person and says so; the menu leads on from there.
 * Those who counsel also see their onboarding checklist until it is done.
 */
export const load: PageServerLoad = async ({ fetch, locals }) => {
  const [result, onboarding] = await Promise.all([
    createConsoleHomeApi(fetch).today(locals.lang),
    locals.staff && counselling.includes(locals.staff.role)
      ? createTrainingApi(fetch).onboarding()
      : Promise.resolve(null),
  ]);
  return {
    today: result.ok ? result.data : null,
    onboarding: onboarding?.ok && !onboarding.data.done ? onboarding.data : null,
  };
};
