import { error, fail } from '@sveltejs/kit';
import { createApi } from '$lib/api/client';
import { localisedName, sortByName } from '$lib/console/names';
import type { Actions, PageServerLoad } from './$types';

/** Catalogue import: service admins for any provider, provider admins for their own. */
export const load: PageServerLoad = async ({ fetch, locals }) => {
  const role = locals.staff?.role;
  if (role !== 'admin' && role !== 'org_admin') error(403, { message: 'Forbidden', code: 'auth.forbidden' });
  const organisations = await createApi(fetch).listOrganisations();
  const all = organisations.ok ? organisations.data.items : [];
  const own = locals.staff?.organisationId ?? null;
  return {
    providers: sortByName(
      (role === 'admin' ? all : all.filter((o) => o.id === own)).map((o) => ({
        slug: o.slug,
        name: localisedName(o.name, locals.lang),
      })),
      (p) => p.name,
      locals.lang,
    ),
  };
};

export const actions: Actions = {
  default: async ({ request, fetch }) => {
    const form = await request.formData();
    const file = form.get('file');
    const provider = String(form.get('provider') ?? '');
    const dryRun = form.get('dryRun') === 'yes';
    if (!(file instanceof File) || file.size === 0) return fail(400, { missingFile: true, provider, dryRun });
    const result = await createApi(fetch).importProgrammes(await file.arrayBuffer(), {
      fileName: file.name.replace(/[/\\\0]/g, '_').slice(0, 200) || 'upload',
      provider: provider || undefined,
      dryRun,
    });
    if (!result.ok)
      return fail(result.status, {
        failure: { code: result.error.code, message: result.error.message },
        provider,
        dryRun,
      });
    return { report: result.data, provider, dryRun };
  },
};
