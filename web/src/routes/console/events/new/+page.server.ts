import { error, fail, redirect } from '@sveltejs/kit';
import { createEventsApi } from '$lib/api/events';
import { createApi } from '$lib/api/client';
import { localisedName, sortByName } from '$lib/console/names';
import { translator } from '$lib/i18n/i18n';
import { checkEventForm, emptyEventValues, eventFieldNames, eventFormValues } from '$lib/server/event-form';
import { apiFormErrors, text } from '$lib/server/forms';
import { eventHandlers as handlers } from '../access';
import { municipalityOptions } from '../municipality-options';
import type { Actions, PageServerLoad } from './$types';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An admin chooses the provider (a GET form, so no scripts are needed); others use their own. */
export const load: PageServerLoad = async ({ fetch, url, locals }) => {
  const staff = locals.staff!;
  if (!handlers.includes(staff.role))
    error(403, { message: 'Events are for counsellors', code: 'auth.forbidden' });
  const asked = url.searchParams.get('organisationId') ?? '';
  const organisationId = staff.role === 'admin' && uuid.test(asked) ? asked : staff.organisationId;
  const organisations =
    staff.role === 'admin'
      ? await createApi(fetch)
          .listOrganisations()
          .then((r) => (r.ok ? r.data.items : []))
      : [];
  const counsellors = organisationId ? await createEventsApi(fetch).counsellors(organisationId) : null;
  if (counsellors && !counsellors.ok)
    error(counsellors.status === 403 ? 403 : 503, {
      message: counsellors.error.message,
      code: counsellors.error.code,
    });
  return {
    values: emptyEventValues(),
    organisationId,
    organisations: sortByName(
      organisations.map((o) => ({ value: o.id, label: localisedName(o.name, locals.lang) })),
      (o) => o.label,
      locals.lang,
    ),
    counsellors: counsellors?.ok ? counsellors.data.items : [],
    municipalities: municipalityOptions(locals.lang),
  };
};

export const actions: Actions = {
  default: async ({ fetch, request, locals }) => {
    const t = translator(locals.lang);
    const form = await request.formData();
    const values = eventFormValues(form);
    const organisationId = text(form, 'organisationId') || undefined;
    const checked = checkEventForm(values, t, organisationId);
    if ('errors' in checked) return fail(400, { values, errors: checked.errors });
    const result = await createEventsApi(fetch).create(checked.body);
    if (!result.ok) {
      return fail(result.status === 403 ? 403 : 400, {
        values,
        errors: apiFormErrors(result.error, t, eventFieldNames),
      });
    }
    redirect(303, '/console/events?saved=saved');
  },
};
