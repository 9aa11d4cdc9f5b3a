import { error, fail } from '@sveltejs/kit';
import { contactSegment } from '$server/shared/urls/catalogue-urls';
import {
  finderAnswerKeys,
  isProgrammeId,
  multiValuedFinderAnswers,
} from '$server/features/catalogue/catalogue-vocabulary';
import { createApi } from '$lib/api/client';
import { readShortlist } from '$lib/catalogue/shortlist';
import type { Lang } from '$lib/i18n/i18n';
import type { Actions, PageServerLoad } from './$types';

export const csr = false;

const idsFrom = (values: string[]) =>
  [...new Set(values.flatMap((v) => v.split(',')).filter(isProgrammeId))].slice(0, 10);

function answersFrom(get: (key: string) => string[]): Record<string, string | string[]> {
  const answers: Record<string, string | string[]> = {};
  for (const key of finderAnswerKeys) {
    const values = get(key)
      .filter(Boolean)
      .map((v) => v.slice(0, 60))
      .slice(0, 10);
    if (values.length === 1 && !multiValuedFinderAnswers.includes(key)) answers[key] = values[0]!;
    else if (values.length > 0) answers[key] = values;
  }
  return answers;
}

export const load: PageServerLoad = async ({ fetch, params, url, cookies }) => {
  const lang = params.lang as Lang;
  if (params.contact !== contactSegment[lang]) error(404, { message: 'Not found' });
  const fromUrl = idsFrom(url.searchParams.getAll('programmes'));
  const ids = fromUrl.length ? fromUrl : readShortlist(cookies).slice(0, 10);
  const result = ids.length ? await createApi(fetch).programmesByIds(ids, lang) : null;
  const source = ['finder', 'shortlist', 'programme'].includes(url.searchParams.get('source') ?? '')
    ? url.searchParams.get('source')!
    : 'shortlist';
  const alternates = (['fi', 'sv', 'en'] as const).map((l) => ({
    hreflang: l,
    href: `/${l}/${contactSegment[l]}${url.search}`,
  }));
  return {
    programmes: result?.ok ? result.data.items : [],
    answers: answersFrom((key) => url.searchParams.getAll(key)),
    source,
    alternates,
  };
};

export const actions: Actions = {
  default: async ({ request, fetch, params }) => {
    const form = await request.formData();
    const get = (key: string) => String(form.get(key) ?? '').trim();
    const values = { name: get('name'), email: get('email'), phone: get('phone'), message: get('message') };
    const consent = form.get('consent') === 'yes';
    const missing: string[] = [];
    if (!consent) missing.push('consent');
    if (!values.email && !values.phone) missing.push('contact');
    if (missing.length) return fail(400, { values, errors: missing });
    const result = await createApi(fetch).createContactRequest({
      lang: params.lang,
      ...values,
      programmeIds: idsFrom(form.getAll('programmeIds').map(String)),
      answers: answersFrom((key) => form.getAll(`answer_${key}`).map(String)),
      source: ['finder', 'shortlist', 'programme'].includes(get('source')) ? get('source') : 'shortlist',
      consent: true,
    });
    if (!result.ok) {
      const fields = result.error.details?.fields?.map((f) => f.field) ?? [];
      const errors =
        result.status === 429
          ? ['rate']
          : fields.includes('email')
            ? ['email']
            : fields.includes('phone')
              ? ['phone']
              : ['generic'];
      return fail(result.status === 429 ? 429 : 400, { values, errors });
    }
    return { sent: true };
  },
};
