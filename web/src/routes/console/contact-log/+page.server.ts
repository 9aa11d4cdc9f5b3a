import { error, fail, redirect } from '@sveltejs/kit';
import { createAboutYouApi } from '$lib/api/about-you';
import { createContactLogApi } from '$lib/api/contact-log';
import { entryFromValues, refusalText, type ContactLogFormValues } from '$lib/contact-log/entry';
import { translator } from '$lib/i18n/i18n';
import { list, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const handlers = ['counsellor', 'org_admin', 'admin'];

export const load: PageServerLoad = async ({ fetch, locals, url }) => {
  const staff = locals.staff!;
  if (!handlers.includes(staff.role))
    error(403, { message: 'The contact log is for counsellors', code: 'auth.forbidden' });
  const [context, aboutOptions] = await Promise.all([
    createContactLogApi(fetch).context(),
    // The home municipalities to choose from; the form works without them.
    createAboutYouApi(fetch).options(locals.lang),
  ]);
  if (!context.ok)
    error(context.status === 403 ? 403 : 503, { message: context.error.message, code: context.error.code });
  const saved = url.searchParams.get('saved');
  return {
    context: context.data,
    municipalities: aboutOptions.ok ? aboutOptions.data.municipalities : [],
    staffId: staff.id,
    // The id of the entry this form will create when sent without JavaScript; sending the same
    // form twice (a double tap, a resend after a lost answer) is stored once.
    clientRef: crypto.randomUUID(),
    saved: saved === 'closed' || saved === 'waiting' ? saved : null,
  };
};

/** The form's values as typed, to show them again when the entry is refused. */
function valuesOf(form: FormData): ContactLogFormValues {
  return {
    event: text(form, 'event'),
    topics: list(form, 'topic'),
    outcome: text(form, 'outcome') || 'answered',
    language: text(form, 'language'),
    ageBand: text(form, 'ageBand'),
    situation: text(form, 'situation'),
    municipality: text(form, 'municipality').slice(0, 40),
    followUp: form.get('followUp') === 'on',
    consent: form.get('consent') === 'on',
    email: text(form, 'email'),
    phone: text(form, 'phone'),
  };
}
export const actions: Actions = {
  // Without JavaScript: one plain form post, stored at once (no offline queue).
  default: async ({ request, fetch, locals }) => {
    const t = translator(locals.lang);
    const form = await request.formData();
    const values = valuesOf(form);
    const entry = entryFromValues(values, text(form, 'clientRef') || crypto.randomUUID());
    if ('error' in entry) return fail(400, { values, field: entry.field, message: t(entry.error) });
    const result = await createContactLogApi(fetch).log(entry.body);
    if (!result.ok) {
      const message = refusalText(t, result.error.code, result.error.details?.fields?.[0]?.message);
      return fail(result.status >= 500 ? 503 : 400, { values, field: '', message });
    }
    redirect(303, `/console/contact-log?saved=${result.data.status}`);
  },
};
