// Public addresses of the privacy notice, the accessibility statement and its feedback form.
// Pure: the page renderer (web/), the widget and the mail frame import them too.
import type { UiLang } from './article-urls.js';

/** The service's statutory pages: the privacy notice (GDPR) and the accessibility statement (306/2019). */
export type LegalPage = 'privacy' | 'accessibility';

/** /fi/tietosuoja, /sv/dataskydd, /en/privacy: the privacy notice. */
const privacySegment: Record<UiLang, string> = { fi: 'tietosuoja', sv: 'dataskydd', en: 'privacy' };

/** Each page's segment: the privacy notice's, and /fi/saavutettavuus, /sv/tillganglighet, /en/accessibility. */
export const legalSegment: Record<LegalPage, Record<UiLang, string>> = {
  privacy: privacySegment,
  accessibility: { fi: 'saavutettavuus', sv: 'tillganglighet', en: 'accessibility' },
};

/** /fi/saavutettavuus/palaute, /sv/tillganglighet/respons, /en/accessibility/feedback. */
export const accessibilityFeedbackSegment: Record<UiLang, string> = {
  fi: 'palaute',
  sv: 'respons',
  en: 'feedback',
};

/**
 * The knowledge-base article each page is edited as: an article of the `legal` category with
 * this fixed key, so it has the editor, the revisions and the translations of every guide.
 */
export const legalArticleKey: Record<LegalPage, string> = {
  privacy: 'privacy-notice',
  accessibility: 'accessibility-statement',
};

export const legalUrl = (page: LegalPage, lang: UiLang) => `/${lang}/${legalSegment[page][lang]}`;
/** The privacy notice alone: what the chat widget links to, without the other pages' words in its bundle. */
export const privacyUrl = (lang: UiLang) => `/${lang}/${privacySegment[lang]}`;
export const accessibilityFeedbackUrl = (lang: UiLang) =>
  `${legalUrl('accessibility', lang)}/${accessibilityFeedbackSegment[lang]}`;

/** The public page of a legal article, by its key; undefined for any other article. */
export function legalPageOfKey(key: string): LegalPage | undefined {
  return (Object.keys(legalArticleKey) as LegalPage[]).find((page) => legalArticleKey[page] === key);
}
