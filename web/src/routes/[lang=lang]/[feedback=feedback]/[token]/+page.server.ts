import { error, fail, redirect } from '@sveltejs/kit';
import { feedbackSegment, feedbackUrl } from '$server/shared/urls/feedback-urls';
import { createOutreachApi } from '$lib/api/outreach';
import type { Lang } from '$lib/i18n/i18n';
import { text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const csr = false;

const scoreOf = (value: string | null): number | null => {
  const score = Number(value);
  return Number.isInteger(score) && score >= 1 && score <= 5 ? score : null;
};

/**
 * The link in the feedback mail. `?arvio=N` records N as the page is opened (one click), then
 * shows the thanks with a form to change the score and add a comment. A link scanner that
 * opens the link first records a score too; the person's own click or the form replaces it.
 */
export const load: PageServerLoad = async ({ fetch, params, url, setHeaders }) => {
  const lang = params.lang as Lang;
  if (params.feedback !== feedbackSegment[lang]) error(404, { message: 'Not found' });
  setHeaders({ 'cache-control': 'no-store', 'referrer-policy': 'same-origin' });
  const api = createOutreachApi(fetch);
  const clicked = scoreOf(url.searchParams.get('arvio'));
  const result = clicked
    ? await api.saveFeedback(params.token, { score: clicked })
    : await api.feedback(params.token);
  if (!result.ok) {
    if (result.status === 404 || result.status === 400) {
      error(404, { message: 'Not found', code: 'feedback.not_found' });
    }
    if (result.status === 410) return { expired: true as const, feedback: null, saved: false };
    error(503, { message: result.error.message, code: result.error.code });
  }
  // The score is in; the address without it keeps a reload from recording it again.
  if (clicked) redirect(303, `${feedbackUrl(lang, params.token)}?done=1`);
  return {
    expired: false as const,
    feedback: result.data,
    saved: url.searchParams.get('done') === '1',
    alternates: (['fi', 'sv', 'en'] as const).map((l) => ({
      hreflang: l,
      href: feedbackUrl(l, params.token),
    })),
  };
};

export const actions: Actions = {
  save: async ({ fetch, params, request }) => {
    const lang = params.lang as Lang;
    const form = await request.formData();
    const score = scoreOf(text(form, 'score'));
    const comment = text(form, 'comment').slice(0, 2000);
    if (!score) return fail(400, { problem: 'score' as const, comment });
    const result = await createOutreachApi(fetch).saveFeedback(params.token, { score, comment });
    if (!result.ok) {
      if (result.status === 404) error(404, { message: 'Not found', code: 'feedback.not_found' });
      if (result.status === 410) return fail(410, { problem: 'expired' as const, comment });
      return fail(result.status === 429 ? 429 : 400, { problem: 'failed' as const, comment });
    }
    redirect(303, `${feedbackUrl(lang, params.token)}?done=1`);
  },
};
