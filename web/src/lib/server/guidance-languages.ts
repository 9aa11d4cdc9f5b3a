import { createLanguagesApi, type GuidanceLanguage } from '$lib/api/languages';
import type { Lang } from '$lib/i18n/i18n';
import type { Choice } from './contact-forms';
import { text } from './forms';

/*
 * "Which language would you like the answer in?" on the public forms and the booking page: the
 * languages counsellors guide in, each in its own name, and the choice as the API takes it.
 */

/** The service's own languages, offered when the API does not answer. */
const fallbackLanguages: GuidanceLanguage[] = [
  { code: 'fi', name: 'suomi' },
  { code: 'sv', name: 'svenska' },
  { code: 'en', name: 'English' },
];

/** A language choice: the name in that language, marked with its code for screen readers and fonts. */
export type LanguageChoice = Choice & { lang: string };

/** The offered languages as choices; fi, sv and en when the API did not answer. */
export async function loadLanguageChoices(fetch: typeof globalThis.fetch): Promise<LanguageChoice[]> {
  const result = await createLanguagesApi(fetch).list();
  const items = result.ok && result.data.items.length > 0 ? result.data.items : fallbackLanguages;
  return items.map(({ code, name }) => ({ value: code, label: name, lang: code }));
}

/** A language code in the shape the API takes (fi, ar, sgn); the API checks that it is offered. */
export const isLanguageCode = (value: string) => /^[a-z]{2,3}$/.test(value);

/** The chosen language from a sent form or address, or the page's own when none (or nonsense) was sent. */
export function chosenLanguage(value: string | null, lang: Lang): string {
  return value && isLanguageCode(value) ? value : lang;
}

/** The `language` field of a form, as `chosenLanguage` reads it. */
export const languageValue = (form: FormData, lang: Lang) => chosenLanguage(text(form, 'language'), lang);

/** The `language` of an API body: sent only when it is not the page's own (`lang`). */
export const languageBody = (language: string, lang: Lang) => (language === lang ? {} : { language });
