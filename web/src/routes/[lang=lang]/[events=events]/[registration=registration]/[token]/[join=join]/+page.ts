import { error } from '@sveltejs/kit';
import type { Lang } from '$lib/i18n/i18n';
import { eventsSegment, joinSegment, registrationSegment } from '$server/shared/urls/event-urls';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params }) => {
  // Each language has its own words: /fi/evenemang/… or …/join under /fi is no address.
  const lang = params.lang as Lang;
  if (
    eventsSegment[lang] !== params.events ||
    registrationSegment[lang] !== params.registration ||
    joinSegment[lang] !== params.join
  )
    error(404, 'Not found');
  return { token: params.token };
};
