import { createApi } from '$lib/api/client';
import { localisedName, providerName } from '$lib/console/names';
import type { LayoutServerLoad } from './$types';

/*
 * What every console page shares: the language, the person signed in, and the providers'
 * names in the console's language, by id, for lists whose API rows name a provider in Finnish
 * (see lib/console/names.ts); the person's own provider is named so too. It reads the path, so
 * it runs on every page followed: a session that ended meanwhile takes the menu away at once.
 */
export const load: LayoutServerLoad = async ({ locals, fetch, url }) => {
  const me = locals.staff ?? null;
  const providerNames: Record<string, string> = {};
  if (me && !me.mustChangePassword && !me.mustSetUpTwoStep) {
    const managesProviders = me.role === 'admin' || me.role === 'org_admin';
    const result = await createApi(fetch).listOrganisations({ includeInactive: managesProviders });
    // Without them the lists fall back to the names their rows carry.
    if (result.ok) {
      for (const organisation of result.data.items) {
        providerNames[organisation.id] = localisedName(organisation.name, locals.lang);
      }
    }
  }
  const staff = me && {
    ...me,
    organisationName: providerName(providerNames, me.organisationId, me.organisationName),
  };
  return { lang: locals.lang, staff, providerNames, path: url.pathname };
};
