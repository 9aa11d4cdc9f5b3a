import { error } from '@sveltejs/kit';
import { createApi } from '$lib/api/client';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, url, locals }) => {
  const api = createApi(fetch);
  const isAdmin = locals.staff?.role === 'admin';
  const organisationId = isAdmin ? url.searchParams.get('organisationId') || undefined : undefined;
  const includeInactive = url.searchParams.get('includeInactive') === 'on';
  const [staff, organisations] = await Promise.all([
    api.listStaff({ ...(organisationId ? { organisationId } : {}), includeInactive }),
    api.listOrganisations(),
  ]);
  if (!staff.ok) error(staff.status, { message: staff.error.message, code: staff.error.code });
  return {
    staff: staff.data.items,
    organisations: organisations.ok ? organisations.data.items : [],
    isAdmin,
    filter: { organisationId: organisationId ?? '', includeInactive },
  };
};
