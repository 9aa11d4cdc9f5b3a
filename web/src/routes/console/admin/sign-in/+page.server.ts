import { error, fail } from '@sveltejs/kit';
import { createApi } from '$lib/api/client';
import { translator } from '$lib/i18n/i18n';
import { apiFormErrors } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

/**
 * Single sign-on: the identity providers (OpenID Connect) that vouch for the staff of some
 * email domains. Admins set up any, a provider's admins their own provider's.
 */
export const load: PageServerLoad = async ({ fetch, locals, url }) => {
  const api = createApi(fetch);
  const [providers, organisations] = await Promise.all([api.ssoProviders(), api.listOrganisations()]);
  if (!providers.ok)
    error(providers.status, { message: providers.error.message, code: providers.error.code });
  const isAdmin = locals.staff?.role === 'admin';
  return {
    providers: providers.data.items,
    organisations: (organisations.ok ? organisations.data.items : []).filter(
      (o) => isAdmin || o.id === locals.staff?.organisationId,
    ),
    isAdmin,
    redirectUri: `${url.origin}/api/v1/auth/sso/callback`,
  };
};

export interface SsoFormValues {
  id: string;
  organisationId: string;
  name: string;
  issuer: string;
  clientId: string;
  domains: string;
  allowCreate: boolean;
  passwordSignIn: boolean;
  isActive: boolean;
}

function values(form: FormData): SsoFormValues {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value.trim() : '';
  };
  return {
    id: text('id'),
    organisationId: text('organisationId'),
    name: text('name'),
    issuer: text('issuer'),
    clientId: text('clientId'),
    domains: text('domains'),
    allowCreate: form.get('allowCreate') === 'on',
    passwordSignIn: form.get('passwordSignIn') === 'on',
    isActive: form.get('isActive') === 'on',
  };
}

const fieldNames = { 'domains.0': 'domains', 'domains.1': 'domains', 'domains.2': 'domains' };

export const actions: Actions = {
  save: async ({ request, fetch, locals }) => {
    const t = translator(locals.lang);
    const form = await request.formData();
    const v = values(form);
    const secret = form.get('clientSecret');
    const clientSecret = typeof secret === 'string' ? secret : '';
    const body = {
      name: v.name,
      issuer: v.issuer,
      clientId: v.clientId,
      domains: v.domains
        .split(/[\s,]+/)
        .map((domain) => domain.trim())
        .filter(Boolean),
      allowCreate: v.allowCreate,
      passwordSignIn: v.passwordSignIn,
      isActive: v.isActive,
      ...(clientSecret ? { clientSecret } : {}),
    };
    const api = createApi(fetch);
    const result = v.id
      ? await api.updateSsoProvider(v.id, body)
      : await api.createSsoProvider({ ...body, clientSecret, organisationId: v.organisationId || null });
    if (!result.ok) {
      return fail(result.status, { values: v, errors: apiFormErrors(result.error, t, fieldNames) });
    }
    return { saved: result.data.name };
  },
};
