import { error } from '@sveltejs/kit';
import { finderSegment } from '$server/shared/urls/catalogue-urls';
import { finderAnswerKeys } from '$server/features/catalogue/catalogue-vocabulary';
import { createApi } from '$lib/api/client';
import type { Lang } from '$lib/i18n/i18n';
import type { PageServerLoad } from './$types';

export const csr = false;

/** The questions, in order; each is one step of the form. */
const finderSteps = [
  'interest',
  'education',
  'situation',
  'place',
  'start',
  'pace',
  'support',
  'studyLanguage',
] as const;

export const load: PageServerLoad = async ({ fetch, params, url }) => {
  const lang = params.lang as Lang;
  if (params.finder !== finderSegment[lang]) error(404, { message: 'Not found' });
  const answers = new URLSearchParams();
  for (const key of finderAnswerKeys) {
    for (const value of url.searchParams.getAll(key).slice(0, 10)) {
      if (value) answers.append(key, value.slice(0, 60));
    }
  }
  const requested = Number(url.searchParams.get('step') ?? '1');
  const step = Number.isInteger(requested) ? Math.min(Math.max(requested, 1), finderSteps.length + 1) : 1;
  const alternates = (['fi', 'sv', 'en'] as const).map((l) => ({
    hreflang: l,
    href: `/${l}/${finderSegment[l]}${url.search}`,
  }));
  if (step <= finderSteps.length) {
    return {
      step,
      total: finderSteps.length,
      question: finderSteps[step - 1]!,
      answers: [...answers],
      result: null,
      alternates,
    };
  }
  const query = new URLSearchParams(answers);
  query.set('lang', lang);
  const result = await createApi(fetch).finder(query);
  if (!result.ok) error(result.status >= 500 ? 503 : 400, { message: result.error.message });
  return {
    step,
    total: finderSteps.length,
    question: null,
    answers: [...answers],
    result: result.data,
    alternates,
  };
};
