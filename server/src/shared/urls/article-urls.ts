// Public addresses of the guide. Pure functions: the page renderer (web/) imports them too,
// so the API's links and the pages' routes cannot drift apart.

export type UiLang = 'fi' | 'sv' | 'en';

/** The path segment of the guide in each UI language: /fi/ohjeet, /sv/anvisningar, /en/guides. */
export const guideSegment: Record<UiLang, string> = { fi: 'ohjeet', sv: 'anvisningar', en: 'guides' };
/** The search page: /fi/haku, /sv/sok, /en/search. */
export const searchSegment: Record<UiLang, string> = { fi: 'haku', sv: 'sok', en: 'search' };

/** Article languages that have no UI of their own are shown inside the English UI. */
export function uiLangOf(articleLang: string): UiLang {
  if (articleLang === 'fi' || articleLang === 'fi-selko') return 'fi';
  if (articleLang === 'sv') return 'sv';
  return 'en';
}

/** The page of one article version. Plain Finnish lives under /fi/selko/… */
export function articleUrl(lang: string, slug: string): string {
  if (lang === 'fi-selko') return `/fi/selko/${slug}`;
  const ui = uiLangOf(lang);
  return `/${ui}/${guideSegment[ui]}/${slug}`;
}
