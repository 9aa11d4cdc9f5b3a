import { error } from '@sveltejs/kit';
import type { Lang } from '$lib/i18n/i18n';
import { meetingSegment } from '$server/shared/urls/meeting-urls';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params }) => {
  // Each language has its own word: /fi/mote/… is no address.
  if (meetingSegment[params.lang as Lang] !== params.meeting) error(404, 'Not found');
  return { token: params.token };
};
