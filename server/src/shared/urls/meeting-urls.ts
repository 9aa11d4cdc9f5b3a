// The public address word of the video meeting. Pure: the page renderer (web/) imports it too;
// booking-links.ts builds full links with it.
import type { UiLang } from './article-urls.js';

/** /fi/tapaaminen/<token>, /sv/mote/<token>, /en/meeting/<token>: the client's meeting page. */
export const meetingSegment: Record<UiLang, string> = {
  fi: 'tapaaminen',
  sv: 'mote',
  en: 'meeting',
};
