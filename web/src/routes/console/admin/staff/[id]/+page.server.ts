import { error, fail } from '@sveltejs/kit';
import { staffGrants } from '$server/access/actor';
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

export const load: PageServerLoad = async ({ fetch, params, locals }) => {
  const api = createApi(fetch);
  const [person, organisations] = await Promise.all([api.getStaff(params.id), api.listOrganisations()]);
  if (!person.ok)
    error(person.status === 400 ? 404 : person.status, {
      message: person.error.message,
      code: person.error.code,
    });
  const isAdmin = locals.staff?.role === 'admin';
  const p = person.data;
  const values: StaffFormValues = {
    name: p.name,
    email: p.email,
    organisationId: p.organisationId ?? '',
    role: p.role,
    languages: p.languages.join(', '),
    expertise: p.expertise,
  };
  return {
    person: p,
    values,
    organisations: (organisations.ok ? organisations.data.items : []).filter(
      (o) => isAdmin || o.id === locals.staff?.organisationId,
    ),
    roles: grantableRoles(locals.staff?.role),
    expertiseAreas,
    isSelf: locals.staff?.id === p.id,
    /** Duties are the service admins' to grant. */
    mayGrant: isAdmin,
  };
};

export const actions: Actions = {
  save: async ({ request, fetch, params, locals }) => {
    const t = translator(locals.lang);
    const values = staffFormValues(await request.formData());
    const result = await createApi(fetch).updateStaff(params.id, staffBody(values));
    if (!result.ok) {
      return fail(result.status, {
        action: 'save',
        values,
        errors: mapLanguageErrors(apiFormErrors(result.error, t, staffFieldNames)),
      });
    }
    return { action: 'save', done: t('staff.saved') };
  },
  grants: async ({ request, fetch, params, locals }) => {
    const t = translator(locals.lang);
    const form = await request.formData();
    const grants = staffGrants.filter((grant) => form.get(grant) === 'on');
    const result = await createApi(fetch).updateStaff(params.id, { grants });
    if (!result.ok) return fail(result.status, { action: 'grants', errors: apiFormErrors(result.error, t) });
    return { action: 'grants', done: t('staff.grants_saved') };
  },
  deactivate: async ({ fetch, params, locals }) => {
    const t = translator(locals.lang);
    const result = await createApi(fetch).updateStaff(params.id, { isActive: false });
    if (!result.ok) return fail(result.status, { action: 'status', errors: apiFormErrors(result.error, t) });
    return { action: 'status', done: t('staff.deactivated') };
  },
  reactivate: async ({ fetch, params, locals }) => {
    const t = translator(locals.lang);
    const result = await createApi(fetch).updateStaff(params.id, { isActive: true });
    if (!result.ok) return fail(result.status, { action: 'status', errors: apiFormErrors(result.error, t) });
    return { action: 'status', done: t('staff.reactivated') };
  },
  invite: async ({ fetch, params, locals }) => {
    const t = translator(locals.lang);
    const api = createApi(fetch);
    const result = await api.sendStaffInvitation(params.id);
    if (!result.ok) return fail(result.status, { action: 'reset', errors: apiFormErrors(result.error, t) });
    const person = await api.getStaff(params.id);
    return { action: 'reset', done: t('staff.reset_done', { email: person.ok ? person.data.email : '' }) };
  },
  endSessions: async ({ fetch, params, locals }) => {
    const t = translator(locals.lang);
    const result = await createApi(fetch).endStaffSessions(params.id);
    if (!result.ok)
      return fail(result.status, { action: 'sessions', errors: apiFormErrors(result.error, t) });
    return { action: 'sessions', done: t('sessions.ended_staff', { count: result.data.ended }) };
  },
  resetTwoStep: async ({ fetch, params, locals }) => {
    const t = translator(locals.lang);
    const result = await createApi(fetch).resetStaffTwoStep(params.id);
    if (!result.ok)
      return fail(result.status, { action: 'two-step', errors: apiFormErrors(result.error, t) });
    return { action: 'two-step', done: t('two_step.staff_reset_done') };
  },
};
