// Public addresses of the booking pages. Pure: the page renderer (web/) imports them too.
import type { UiLang } from './article-urls.js';
import { meetingSegment } from './meeting-urls.js';

/** /fi/varaa-aika, /sv/boka-tid, /en/book-a-time: choose a channel, a time, then give details. */
export const bookingSegment: Record<UiLang, string> = {
  fi: 'varaa-aika',
  sv: 'boka-tid',
  en: 'book-a-time',
};
/** /fi/varaus/<token>, /sv/bokning/<token>, /en/booking/<token>: the manage link of one booking. */
export const manageSegment: Record<UiLang, string> = {
  fi: 'varaus',
  sv: 'bokning',
  en: 'booking',
};

export const bookingUrl = (lang: UiLang) => `/${lang}/${bookingSegment[lang]}`;
export const manageUrl = (lang: UiLang, token: string) =>
  `/${lang}/${manageSegment[lang]}/${encodeURIComponent(token)}`;
export const meetingUrl = (lang: UiLang, token: string) =>
  `/${lang}/${meetingSegment[lang]}/${encodeURIComponent(token)}`;

/** A map search for a face-to-face place's address (OpenStreetMap: no tracking, no key). */
export const mapSearchUrl = (location: string | null | undefined): string | null =>
  location ? `https://www.openstreetmap.org/search?query=${encodeURIComponent(location)}` : null;
