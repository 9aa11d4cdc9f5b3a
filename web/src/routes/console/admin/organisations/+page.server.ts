import { error } from '@sveltejs/kit';
import { createApi } from '$lib/api/client';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, locals }) => {
  const result = await createApi(fetch).listOrganisations({ includeInactive: true });
  if (!result.ok) error(result.status, { message: result.error.message, code: result.error.code });
  return {
    organisations: result.data.items,
    canCreate: locals.staff?.role === 'admin',
    ownOrganisationId: locals.staff?.organisationId ?? null,
    isAdmin: locals.staff?.role === 'admin',
  };
};
