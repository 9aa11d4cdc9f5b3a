import { env } from '$env/dynamic/private';
import type { Lang } from '$lib/i18n/i18n';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ params }) => ({
  lang: params.lang as Lang,
  contact: {
    email: env.CONTACT_EMAIL || 'neuvonta@opintori.example',
    phone: env.CONTACT_PHONE || null,
  },
});
