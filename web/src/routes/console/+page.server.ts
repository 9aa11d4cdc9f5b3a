import { createConsoleHomeApi } from '$lib/api/console-home';
import type { PageServerLoad } from './$types';

/**
 * The day's work, read on the server so the page is whole without JavaScript too. Should the
 * reading fail, the page still greets the person and says so; the menu leads on from there.
 */
export const load: PageServerLoad = async ({ fetch, locals }) => {
  const result = await createConsoleHomeApi(fetch).today(locals.lang);
  return { today: result.ok ? result.data : null };
};
