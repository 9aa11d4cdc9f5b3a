import { error } from '@sveltejs/kit';
import { createApi } from '$lib/api/client';
import { localisedName, sortByName } from '$lib/console/names';
import { presets, reportParams, today } from '$lib/reports/period';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, url, locals }) => {
  const api = createApi(fetch);
  const params = reportParams(url);
  const role = locals.staff?.role;
  const [result, organisations, staff] = await Promise.all([
    api.report(params),
    role === 'admin' ? api.listOrganisations({ includeInactive: true }) : undefined,
    role === 'admin' || role === 'org_admin' ? api.listStaff({ includeInactive: true }) : undefined,
  ]);
  // A bad period or a forbidden filter is shown on the page, next to the form that caused it.
  if (!result.ok && result.status !== 400 && result.status !== 403) {
    error(result.status, { message: result.error.message, code: result.error.code });
  }
  return {
    params: Object.fromEntries(params),
    query: params.toString(),
    presets: presets(today()),
    report: result.ok ? result.data : null,
    errorCode: result.ok ? null : result.error.code,
    providers: organisations?.ok
      ? sortByName(
          organisations.data.items.map((o) => ({ id: o.id, name: localisedName(o.name, locals.lang) })),
          (p) => p.name,
          locals.lang,
        )
      : [],
    counsellors: staff?.ok
      ? staff.data.items
          .filter((s) => s.role === 'counsellor' || s.role === 'org_admin' || s.role === 'admin')
          .map((s) => ({ id: s.id, name: s.name }))
      : [],
  };
};
