import { error, fail, redirect } from '@sveltejs/kit';
import { expertiseAreas } from '$server/shared/vocabulary';
import { createApi } from '$lib/api/client';
import { translator } from '$lib/i18n/i18n';
import { apiFormErrors } from '$lib/server/forms';
import {
  organisationFieldNames,
  organisationFormValues,
  organisationFromForm,
  type OrganisationFormValues,
} from '$lib/server/organisation-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  if (locals.staff?.role !== 'admin') error(403, { message: 'forbidden', code: 'auth.forbidden' });
  const values: OrganisationFormValues = {
    slug: '',
    nameFi: '',
    nameSv: '',
    nameEn: '',
    descriptionFi: '',
    descriptionSv: '',
    descriptionEn: '',
    website: '',
    municipality: '',
    opintopolkuOid: '',
    expertise: [],
    allowedOrigins: '',
    isActive: true,
  };
  return { values, expertiseAreas };
};

export const actions: Actions = {
  save: async ({ request, fetch, locals }) => {
    const form = await request.formData();
    const values = organisationFormValues(form);
    const result = await createApi(fetch).createOrganisation({
      slug: values.slug,
      ...organisationFromForm(form),
    });
    if (!result.ok) {
      return fail(result.status, {
        values,
        errors: apiFormErrors(result.error, translator(locals.lang), organisationFieldNames),
      });
    }
    redirect(303, '/console/admin/organisations?saved=created');
  },
};
