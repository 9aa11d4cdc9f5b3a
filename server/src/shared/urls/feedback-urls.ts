// Public addresses of the feedback page. Pure: the page renderer (web/) imports them too.
import type { UiLang } from './article-urls.js';

/** /fi/palaute/<token>, /sv/respons/<token>, /en/feedback/<token>: one closed contact's rating. */
export const feedbackSegment: Record<UiLang, string> = {
  fi: 'palaute',
  sv: 'respons',
  en: 'feedback',
};

/** The one-click rating link in the mail: `?arvio=N` records N at once (docs/outreach.md). */
export const feedbackUrl = (lang: UiLang, token: string, score?: number) =>
  `/${lang}/${feedbackSegment[lang]}/${encodeURIComponent(token)}${score ? `?arvio=${score}` : ''}`;
