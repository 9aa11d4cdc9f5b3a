import { error } from '@sveltejs/kit';
import { createInboxApi } from '$lib/api/inbox';
import type { PageServerLoad } from './$types';

const LIMIT = 100;

export const load: PageServerLoad = async ({ fetch, locals }) => {
  if (locals.staff!.role !== 'admin')
    error(403, { message: 'The mail log is for admins', code: 'auth.forbidden' });
  const result = await createInboxApi(fetch).devMailbox(LIMIT);
  if (!result.ok)
    error(result.status === 403 ? 403 : 503, { message: result.error.message, code: result.error.code });
  return { relay: result.data.relay, items: result.data.items };
};
