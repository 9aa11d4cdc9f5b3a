import { z } from 'zod';

/** Areas of guidance expertise shared by providers and counsellors; routing matches on these. */
export const expertiseAreas = [
  'adult_education',
  'immigrants',
  'special_support',
  'workplace_learning',
  'apprenticeship',
  'recognition_of_prior_learning',
  'career_change',
  'online_studies',
] as const;
export const expertiseSchema = z.enum(expertiseAreas);
export type ExpertiseArea = (typeof expertiseAreas)[number];

/** A language as an ISO 639-1/639-3 code, e.g. fi, sv, en, ar, so, ru, uk, fa. */
export const languageCodeSchema = z
  .string()
  .regex(/^[a-z]{2,3}$/, 'must be an ISO 639 language code such as fi, sv or en');

/** The languages the service's own UI speaks. */
export const uiLanguages = ['fi', 'sv', 'en'] as const;
export type UiLanguage = (typeof uiLanguages)[number];

export const httpUrlSchema = z.url({ protocol: /^https?$/, hostname: z.regexes.domain }).max(500);
