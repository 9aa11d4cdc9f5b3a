// Public addresses of the catalogue. Pure: the page renderer (web/) imports them too.
import type { UiLang } from './article-urls.js';

/** /fi/koulutukset, /sv/utbildningar, /en/programmes */
export const catalogueSegment: Record<UiLang, string> = {
  fi: 'koulutukset',
  sv: 'utbildningar',
  en: 'programmes',
};
/** /fi/koulutukset/vertaa … */
export const compareSegment: Record<UiLang, string> = { fi: 'vertaa', sv: 'jamfor', en: 'compare' };
/** /fi/koulutukset/muistilista … */
export const shortlistSegment: Record<UiLang, string> = {
  fi: 'muistilista',
  sv: 'minneslista',
  en: 'shortlist',
};
/** /fi/loyda-koulutus, /sv/hitta-utbildning, /en/find-a-programme */
export const finderSegment: Record<UiLang, string> = {
  fi: 'loyda-koulutus',
  sv: 'hitta-utbildning',
  en: 'find-a-programme',
};
/** /fi/yhteydenotto … the contact request form that carries a shortlist to a counsellor. */
export const contactSegment: Record<UiLang, string> = {
  fi: 'yhteydenotto',
  sv: 'kontakt',
  en: 'contact-request',
};

export const catalogueUrl = (lang: UiLang) => `/${lang}/${catalogueSegment[lang]}`;
export const programmeUrl = (lang: UiLang, id: string) => `/${lang}/${catalogueSegment[lang]}/${id}`;
export const compareUrl = (lang: UiLang, ids: string[]) =>
  `/${lang}/${catalogueSegment[lang]}/${compareSegment[lang]}?ids=${ids.join(',')}`;
export const shortlistUrl = (lang: UiLang) => `/${lang}/${catalogueSegment[lang]}/${shortlistSegment[lang]}`;
export const finderUrl = (lang: UiLang) => `/${lang}/${finderSegment[lang]}`;
export const contactUrl = (lang: UiLang) => `/${lang}/${contactSegment[lang]}`;
