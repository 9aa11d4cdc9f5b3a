// Public addresses of the pop-up event calendar. Pure: the page renderer (web/) imports them too.
import type { UiLang } from './article-urls.js';

/** /fi/tapahtumat, /sv/evenemang, /en/events: the calendar; /<segment>/<id> one event. */
export const eventsSegment: Record<UiLang, string> = {
  fi: 'tapahtumat',
  sv: 'evenemang',
  en: 'events',
};

export const eventsUrl = (lang: UiLang) => `/${lang}/${eventsSegment[lang]}`;
export const eventUrl = (lang: UiLang, id: string) => `${eventsUrl(lang)}/${encodeURIComponent(id)}`;
/** One event as an iCalendar file ("add to calendar"). */
export const eventCalendarUrl = (id: string) => `/api/v1/events/${encodeURIComponent(id)}/calendar.ics`;
/** Every published event as a calendar to subscribe to, optionally one municipality's. */
export const eventFeedUrl = (municipality?: string) =>
  `/api/v1/events/feed.ics${municipality ? `?municipality=${encodeURIComponent(municipality)}` : ''}`;

/** /fi/tapahtumat/ilmoittautuminen/<token>: one's own registration, from the link in the mail. */
export const registrationSegment: Record<UiLang, string> = {
  fi: 'ilmoittautuminen',
  sv: 'anmalan',
  en: 'registration',
};
export const registrationUrl = (lang: UiLang, token: string) =>
  `${eventsUrl(lang)}/${registrationSegment[lang]}/${encodeURIComponent(token)}`;

/** …/<token>/liity: a registrant's way into a session held in the service's own meeting room. */
export const joinSegment: Record<UiLang, string> = { fi: 'liity', sv: 'anslut', en: 'join' };
export const groupMeetingUrl = (lang: UiLang, token: string) =>
  `${registrationUrl(lang, token)}/${joinSegment[lang]}`;
