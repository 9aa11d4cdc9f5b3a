import { error, fail, redirect } from '@sveltejs/kit';
import { expertiseAreas } from '$server/shared/vocabulary';
import { createApi } from '$lib/api/client';
import { localisedName } from '$lib/console/names';
import { translator } from '$lib/i18n/i18n';
import { apiFormErrors } from '$lib/server/forms';
import {
  organisationFieldNames,
  organisationFormValues,
  organisationFromForm,
  type OrganisationFormValues,
} from '$lib/server/organisation-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, params, locals }) => {
  const result = await createApi(fetch).getOrganisation(params.id);
  if (!result.ok)
    error(result.status === 400 ? 404 : result.status, {
      message: result.error.message,
      code: result.error.code,
    });
  const o = result.data;
  const values: OrganisationFormValues = {
    slug: o.slug,
    nameFi: o.name.fi,
    nameSv: o.name.sv ?? '',
    nameEn: o.name.en ?? '',
    descriptionFi: o.description.fi ?? '',
    descriptionSv: o.description.sv ?? '',
    descriptionEn: o.description.en ?? '',
    website: o.website ?? '',
    municipality: o.municipality ?? '',
    opintopolkuOid: o.opintopolkuOid ?? '',
    expertise: o.expertise,
    allowedOrigins: o.allowedOrigins.join('\n'),
    isActive: o.isActive,
  };
  return {
    values,
    name: localisedName(o.name, locals.lang),
    expertiseAreas,
    canChangeStatus: locals.staff?.role === 'admin',
  };
};

export const actions: Actions = {
  save: async ({ request, fetch, params, locals }) => {
    const form = await request.formData();
    const values = organisationFormValues(form);
    const isAdmin = locals.staff?.role === 'admin';
    const result = await createApi(fetch).updateOrganisation(params.id, {
      ...organisationFromForm(form),
      ...(isAdmin ? { isActive: values.isActive } : {}),
    });
    if (!result.ok) {
      return fail(result.status, {
        values,
        errors: apiFormErrors(result.error, translator(locals.lang), organisationFieldNames),
      });
    }
    redirect(303, '/console/admin/organisations?saved=updated');
  },
};
