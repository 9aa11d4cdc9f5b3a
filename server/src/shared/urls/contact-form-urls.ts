// Public addresses of the contact forms. Pure: the page renderer (web/) imports them too.
import type { UiLang } from './article-urls.js';

/** /fi/kirjoita-meille, /sv/skriv-till-oss, /en/write-to-us: the "write to us" form. */
export const writeToUsSegment: Record<UiLang, string> = {
  fi: 'kirjoita-meille',
  sv: 'skriv-till-oss',
  en: 'write-to-us',
};
/** /fi/soittopyynto, /sv/bli-uppringd, /en/call-back: the "call me back" form. */
export const callBackSegment: Record<UiLang, string> = {
  fi: 'soittopyynto',
  sv: 'bli-uppringd',
  en: 'call-back',
};

export const writeToUsUrl = (lang: UiLang) => `/${lang}/${writeToUsSegment[lang]}`;
export const callBackUrl = (lang: UiLang) => `/${lang}/${callBackSegment[lang]}`;
