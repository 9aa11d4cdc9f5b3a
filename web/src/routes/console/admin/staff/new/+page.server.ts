import { fail, redirect } from '@sveltejs/kit';
import { expertiseAreas } from '$server/shared/vocabulary';
import { createApi } from '$lib/api/client';
import { translator } from '$lib/i18n/i18n';
import { apiFormErrors } from '$lib/server/forms';
import {
  grantableRoles,
  mapLanguageErrors,
  staffBody,
  staffFieldNames,
  staffFormValues,
  type StaffFormValues,
} from '$lib/server/staff-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, locals }) => {
  const organisations = await createApi(fetch).listOrganisations();
  const own = locals.staff?.organisationId ?? '';
  const isAdmin = locals.staff?.role === 'admin';
  const values: StaffFormValues = {
    name: '',
    email: '',
    organisationId: own,
    role: 'counsellor',
    languages: 'fi',
    expertise: [],
  };
  return {
    values,
    organisations: (organisations.ok ? organisations.data.items : []).filter((o) => isAdmin || o.id === own),
    roles: grantableRoles(locals.staff?.role),
    expertiseAreas,
  };
};

export const actions: Actions = {
  save: async ({ request, fetch, locals }) => {
    const t = translator(locals.lang);
    const form = await request.formData();
    const values = staffFormValues(form);
    const result = await createApi(fetch).createStaff(staffBody(values));
    if (!result.ok) {
      return fail(result.status, {
        values,
        errors: mapLanguageErrors(apiFormErrors(result.error, t, staffFieldNames)),
      });
    }
    redirect(303, '/console/admin/staff?saved=created');
  },
};
