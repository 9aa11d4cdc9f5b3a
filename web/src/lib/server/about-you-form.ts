import type { AboutYouInput } from '$server/conversations/about-you';
import { createAboutYouApi, type InputWarning } from '$lib/api/about-you';
import type { Lang } from '$lib/i18n/i18n';
import { text } from './forms';

/*
 * The optional "about you" fieldset of the public forms (AboutYouFields.svelte): reading it
 * from a sent form, adding it to the API body, and the warnings the API answers with.
 */

export interface AboutYouValues {
  ageBand: string;
  situation: string;
  municipality: string;
}

/** The codes the API may warn about; the confirmation names each in words (about.warning.<code>). */
export const aboutWarningCodes = [
  'about.unknown_age_band',
  'about.unknown_situation',
  'about.unknown_municipality',
] as const;
export type AboutWarningCode = (typeof aboutWarningCodes)[number];

/** The choices for the fieldset, or null when the API did not answer (the form works without it). */
export async function loadAboutYouOptions(fetch: typeof globalThis.fetch, lang: Lang) {
  const result = await createAboutYouApi(fetch).options(lang);
  return result.ok ? result.data : null;
}

/** What was chosen; empty is "prefer not to say". The API checks the codes (40 characters at most). */
export function aboutYouValues(form: FormData): AboutYouValues {
  return {
    ageBand: text(form, 'about.ageBand').slice(0, 40),
    situation: text(form, 'about.situation').slice(0, 40),
    municipality: text(form, 'about.municipality').slice(0, 40),
  };
}

/** The `about` of an API body, left out when nothing was chosen. */
export function aboutYouBody(values: AboutYouValues): { about?: AboutYouInput } {
  const about = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ''));
  return Object.keys(about).length > 0 ? { about } : {};
}

/** The warnings the confirmation can name, once each, from an API answer or a query string. */
export function knownWarnings(codes: readonly string[]): AboutWarningCode[] {
  return aboutWarningCodes.filter((code) => codes.includes(code));
}

export const warningCodesOf = (warnings: readonly InputWarning[] | undefined) =>
  knownWarnings((warnings ?? []).map((warning) => warning.code));
