import { env } from '$env/dynamic/private';
import type { Lang } from '$lib/i18n/i18n';
import { configuredOrigin } from '$lib/server/public-origin';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ params }) => ({
  lang: params.lang as Lang,
  /** For the hreflang alternates: PUBLIC_URL's origin, or '' (root-relative links) without one. */
  publicOrigin: configuredOrigin() ?? '',
  contact: {
    email: env.CONTACT_EMAIL || 'neuvonta@opintori.example',
    phone: env.CONTACT_PHONE || null,
  },
});
