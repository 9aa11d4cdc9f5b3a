import { error, fail } from '@sveltejs/kit';
import { twoStepRequirements } from '$server/features/auth/auth.table';
import { errorMessage, translator } from '$lib/i18n/i18n';
import { createApi } from '$lib/api/client';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, url, locals }) => {
  const api = createApi(fetch);
  const isAdmin = locals.staff?.role === 'admin';
  const organisationId = isAdmin ? url.searchParams.get('organisationId') || undefined : undefined;
  const includeInactive = url.searchParams.get('includeInactive') === 'on';
  const [staff, organisations, settings] = await Promise.all([
    api.listStaff({ ...(organisationId ? { organisationId } : {}), includeInactive }),
    api.listOrganisations(),
    isAdmin ? api.authSettings() : undefined,
  ]);
  if (!staff.ok) error(staff.status, { message: staff.error.message, code: staff.error.code });
  return {
    staff: staff.data.items,
    organisations: organisations.ok ? organisations.data.items : [],
    isAdmin,
    // Who must use two-step verification: the service admins' choice.
    requireTwoStep: settings?.ok ? settings.data.requireTwoStep : undefined,
    filter: { organisationId: organisationId ?? '', includeInactive },
  };
};

export const actions: Actions = {
  requireTwoStep: async ({ request, fetch, locals }) => {
    const t = translator(locals.lang);
    const value = (await request.formData()).get('requireTwoStep');
    const choice = twoStepRequirements.find((option) => option === value);
    if (!choice) return fail(400, { error: t('error.field.invalid') });
    const result = await createApi(fetch).updateAuthSettings(choice);
    if (!result.ok) return fail(result.status, { error: errorMessage(t, result.error.code) });
    return { saved: true };
  },
};
