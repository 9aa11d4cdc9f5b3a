// Public addresses of the video meeting. Pure: the page renderer (web/) imports them too.
import type { UiLang } from '../articles/article-urls.js';

/** /fi/tapaaminen/<token>, /sv/mote/<token>, /en/meeting/<token>: the client's meeting page. */
export const meetingSegment: Record<UiLang, string> = {
  fi: 'tapaaminen',
  sv: 'mote',
  en: 'meeting',
};

export const meetingUrl = (lang: UiLang, token: string) => `/${lang}/${meetingSegment[lang]}/${token}`;
