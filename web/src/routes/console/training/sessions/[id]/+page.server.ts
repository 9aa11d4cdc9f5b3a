import { error, fail } from '@sveltejs/kit';
import { rubricCriteria } from '$server/features/training/training.table';
import { createChatConsoleApi } from '$lib/api/chat-console';
import { createTrainingApi, type ReviewBody } from '$lib/api/training';
import { translator } from '$lib/i18n/i18n';
import { apiFormErrors, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, params, locals }) => {
  const session = await createTrainingApi(fetch).session(params.id);
  if (!session.ok)
    error(session.status === 400 ? 404 : session.status, {
      message: session.error.message,
      code: session.error.code,
    });
  // The counsellor's own canned responses, as in a real chat.
  const canned =
    session.data.role === 'counsellor' && session.data.status === 'active'
      ? await createChatConsoleApi(fetch).cannedResponses()
      : null;
  return {
    session: session.data,
    canned: canned?.ok ? canned.data.items : [],
    staffId: locals.staff!.id,
  };
};

/**
 * The review form's scores: `score-<criterion>` (1–4) and `comment-<criterion>` for each criterion
 * the form has (the scenario's; the API refuses any other).
 */
function reviewBody(form: FormData): ReviewBody {
  const scores: Record<string, { score: number; comment: string }> = {};
  for (const criterion of rubricCriteria) {
    const score = Number(text(form, `score-${criterion}`));
    const comment = text(form, `comment-${criterion}`);
    if (score >= 1 && score <= 4) scores[criterion] = { score, comment };
  }
  return { scores, summary: text(form, 'summary') };
}

export const actions: Actions = {
  finish: async ({ fetch, params, locals }) => {
    const result = await createTrainingApi(fetch).finish(params.id);
    if (!result.ok)
      return fail(result.status, {
        action: 'finish',
        errors: apiFormErrors(result.error, translator(locals.lang)),
      });
    return { action: 'finish', done: translator(locals.lang)('training.finished_notice') };
  },
  selfReview: async ({ request, fetch, params, locals }) => {
    const t = translator(locals.lang);
    const body = reviewBody(await request.formData());
    const result = await createTrainingApi(fetch).selfReview(params.id, body);
    if (!result.ok)
      return fail(result.status, { action: 'selfReview', body, errors: apiFormErrors(result.error, t) });
    return { action: 'selfReview', done: t('training.review_saved') };
  },
  review: async ({ request, fetch, params, locals }) => {
    const t = translator(locals.lang);
    const body = reviewBody(await request.formData());
    const result = await createTrainingApi(fetch).review(params.id, body);
    if (!result.ok)
      return fail(result.status, { action: 'review', body, errors: apiFormErrors(result.error, t) });
    return { action: 'review', done: t('training.review_saved') };
  },
  comment: async ({ request, fetch, params, locals }) => {
    const t = translator(locals.lang);
    const form = await request.formData();
    const seq = Number(text(form, 'seq'));
    const body = text(form, 'body');
    if (!body)
      return fail(400, {
        action: 'comment',
        seq,
        errors: { [`comment-body-${seq}`]: t('training.comment_missing') },
      });
    const result = await createTrainingApi(fetch).comment(params.id, { seq, body });
    if (!result.ok)
      return fail(result.status, { action: 'comment', seq, errors: apiFormErrors(result.error, t) });
    return { action: 'comment', seq, done: t('training.comment_saved') };
  },
};
