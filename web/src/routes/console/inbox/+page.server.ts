import { error, fail } from '@sveltejs/kit';
import { createInboxApi } from '$lib/api/inbox';
import { list, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';
import { listQuery, readFilters } from './filters';

const handlers = ['counsellor', 'org_admin', 'admin'];
const MAX_BULK = 100;

export const load: PageServerLoad = async ({ fetch, url, locals }) => {
  const staff = locals.staff!;
  if (!handlers.includes(staff.role))
    error(403, { message: 'The inbox is for counsellors', code: 'auth.forbidden' });
  const isAdmin = staff.role === 'admin';
  const filters = readFilters(url.searchParams, isAdmin);
  const api = createInboxApi(fetch);
  const [result, vocabulary] = await Promise.all([api.list(listQuery(filters)), api.colleagues()]);
  if (!result.ok)
    error(result.status === 403 ? 403 : 503, { message: result.error.message, code: result.error.code });
  return {
    filters,
    items: result.data.items,
    total: result.data.total,
    topics: vocabulary.ok ? vocabulary.data.topics : [],
    outcomes: vocabulary.ok ? vocabulary.data.outcomes : [],
    organisations: isAdmin && vocabulary.ok ? vocabulary.data.organisations : [],
    isAdmin,
    // One clock for the server render and hydration, so waiting times read the same in both.
    now: Date.now(),
  };
};

export const actions: Actions = {
  /** Closes the ticked conversations with one outcome; reports how many closed and which were refused. */
  bulkClose: async ({ request, fetch }) => {
    const form = await request.formData();
    const ids = [...new Set(list(form, 'id'))].slice(0, MAX_BULK);
    const topic = text(form, 'topic');
    const outcome = text(form, 'outcome');
    const errors: Record<string, 'none_selected' | 'outcome_required'> = {};
    if (ids.length === 0) errors.ids = 'none_selected';
    if (!outcome) errors['bulk-outcome'] = 'outcome_required';
    if (Object.keys(errors).length) return fail(400, { bulk: { errors, topic, outcome } });
    const result = await createInboxApi(fetch).bulkClose({ ids, outcome, ...(topic ? { topic } : {}) });
    if (!result.ok)
      return fail(result.status, {
        bulk: { failure: { code: result.error.code, status: result.status }, topic, outcome },
      });
    return { bulk: { closed: result.data.closed.length, refused: result.data.refused } };
  },
};
