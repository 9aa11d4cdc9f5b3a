import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { selectPublishedByKeys } from '../articles/article-read.repository.js';
import { articleUrl } from '../../shared/urls/article-urls.js';
import type { RequestContext } from '../../access/request-context.js';
import { applicationState, catalogueIndex, type IndexedProgramme } from './catalogue-index.js';
import { catalogueLangs, fieldCodes, type CatalogueLang } from './catalogue-vocabulary.js';
import { findMunicipality, municipalities, municipalityName } from '../../shared/municipalities.js';
import { presentListItem } from './programme.presenter.js';
import { programmeListItemSchema } from './programme.schema.js';

/**
 * The guided finder: a few plain questions, ranked suggestions across all providers with the
 * reasons each one fits, and the guide articles that matter for the person's situation.
 * Answers are not stored: they travel in the address and the form.
 */

export const educationAnswers = [
  'basic',
  'upper_secondary',
  'vocational',
  'higher',
  'abroad',
  'none',
] as const;
export const situationAnswers = [
  'working',
  'unemployed',
  'new_in_finland',
  'returning',
  'career_change',
  'other',
] as const;
export const travelAnswers = ['local', 'region', 'online'] as const;
export const startAnswers = ['now', 'within_6', 'later'] as const;
export const paceAnswers = ['full_time', 'part_time', 'alongside_work'] as const;
export const supportAnswers = ['special_support', 'language_support', 'none'] as const;

const lenient = <T extends string>(values: readonly T[]) =>
  z
    .enum(values as unknown as [T, ...T[]])
    .optional()
    .catch(undefined);

export const finderAnswersSchema = z.object({
  lang: z.enum(catalogueLangs).catch('fi').default('fi'),
  interest: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) =>
      [...new Set((Array.isArray(v) ? v : v ? [v] : []).flatMap((s) => s.split(',')))]
        .filter((s) => (fieldCodes as string[]).includes(s))
        .slice(0, 5),
    ),
  education: lenient(educationAnswers),
  situation: lenient(situationAnswers),
  municipality: z
    .string()
    .max(40)
    .optional()
    .transform((v) => (v ? findMunicipality(v)?.code : undefined)),
  travel: lenient(travelAnswers),
  start: lenient(startAnswers),
  pace: lenient(paceAnswers),
  support: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) =>
      [...new Set((Array.isArray(v) ? v : v ? [v] : []).flatMap((s) => s.split(',')))].filter(
        (s): s is (typeof supportAnswers)[number] => (supportAnswers as readonly string[]).includes(s),
      ),
    ),
  studyLanguage: z.enum(['fi', 'sv', 'en']).optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(20).catch(8).default(8),
});
export type FinderAnswers = z.output<typeof finderAnswersSchema>;

export const reasonCodes = [
  'field',
  'first_qualification',
  'next_qualification',
  'part_of_qualification',
  'preparatory',
  'near',
  'region',
  'online',
  'open_now',
  'continuous_start',
  'starts_soon',
  'alongside_work',
  'apprenticeship',
  'special_support',
  'immigrants',
  'language',
  'free',
] as const;
export type ReasonCode = (typeof reasonCodes)[number];

export const finderResponseSchema = z.object({
  suggestions: z.array(
    z.object({
      programme: programmeListItemSchema,
      score: z.number(),
      reasons: z.array(z.object({ code: z.enum(reasonCodes), value: z.string().optional() })),
    }),
  ),
  articles: z.array(z.object({ key: z.string(), title: z.string(), summary: z.string(), url: z.string() })),
  total: z.number(),
});
export type FinderResponse = z.infer<typeof finderResponseSchema>;

/** Guide articles for each situation and need, most important first. */
const articlesFor = (a: FinderAnswers): string[] => {
  const keys: string[] = [];
  if (a.situation === 'unemployed') keys.push('opiskelu-tyottomana', 'tyovoimakoulutus');
  if (a.situation === 'working' || a.pace === 'alongside_work')
    keys.push('opiskelu-tyon-ohessa', 'oppisopimus');
  if (a.situation === 'new_in_finland' || a.support.includes('language_support')) {
    keys.push('opiskelu-maahanmuuttajana', 'suomen-kielen-taito', 'ulkomaisen-tutkinnon-tunnustaminen');
  }
  if (a.situation === 'returning') keys.push('keskeytyneet-opinnot', 'osaamisen-tunnistaminen');
  if (a.situation === 'career_change') keys.push('alanvaihto', 'osaamisen-tunnistaminen');
  if (a.support.includes('special_support')) keys.push('erityinen-tuki', 'tuva-ja-telma');
  if (a.education === 'vocational' || a.education === 'higher')
    keys.push('ammatilliset-tutkinnot', 'tutkinnon-osa');
  if (a.travel === 'online') keys.push('verkko-opiskelu');
  keys.push('hakeminen-aikuisena', 'jatkuva-haku-ja-yhteishaku', 'kelan-opintotuki');
  return [...new Set(keys)].slice(0, 4);
};

const regionCodes = new Set(
  municipalities.filter((m) => m.region === 'pohjois-pohjanmaa').map((m) => m.code),
);
const DAY = 86_400_000;

function score(p: IndexedProgramme, a: FinderAnswers, now: number) {
  const reasons: { code: ReasonCode; value?: string }[] = [];
  let points = 0;
  const add = (code: ReasonCode, value: number, param?: string) => {
    points += value;
    reasons.push(param ? { code, value: param } : { code });
  };

  // Hard limits: the study language, and where the person can study.
  if (a.studyLanguage && !p.languages.includes(a.studyLanguage)) return null;
  const local = a.municipality ? p.municipalities.includes(a.municipality) : false;
  const inRegion = p.municipalities.some((m) => regionCodes.has(m));
  if (a.travel === 'online' && !p.anywhere) return null;
  if (a.travel === 'local' && a.municipality && !local && !p.anywhere) return null;
  if (a.travel === 'region' && !inRegion && !p.anywhere) return null;

  if (a.interest.length > 0) {
    if (p.field && a.interest.includes(p.field)) add('field', 40, p.field);
    else points -= 25;
  }

  const firstTime = a.education === 'basic' || a.education === 'none' || a.education === 'abroad';
  if (firstTime && p.type === 'vocational_upper_secondary') add('first_qualification', 15);
  if (
    (a.education === 'vocational' || a.education === 'higher' || a.education === 'upper_secondary') &&
    (p.type === 'further_vocational' || p.type === 'specialist_vocational')
  )
    add('next_qualification', 15);
  if (a.situation === 'career_change' && p.type === 'qualification_part') add('part_of_qualification', 10);
  if (
    (p.type === 'tuva' || p.type === 'telma') &&
    (a.situation === 'new_in_finland' || a.support.includes('special_support') || a.education === 'none')
  ) {
    add('preparatory', 10);
  } else if (p.type === 'tuva' || p.type === 'telma') points -= 10;

  if (local) add('near', 20, municipalityName(a.municipality!, a.lang));
  else if (p.anywhere && (a.travel === 'online' || a.municipality))
    add('online', a.travel === 'online' ? 20 : 10);
  else if (inRegion && a.travel === 'region') add('region', 8);

  const state = applicationState(p, now);
  if (a.start === 'now') {
    if (state.openNow) add('open_now', 15);
    if (p.continuousStart) add('continuous_start', 10);
  } else if (a.start === 'within_6') {
    if (p.continuousStart || p.startMs.some((s) => s >= now && s <= now + 183 * DAY)) add('starts_soon', 10);
    if (state.openNow) points += 5;
  } else if (state.openNow || state.opensSoon) points += 3;

  const alongsideWork = a.pace === 'alongside_work' || a.pace === 'part_time' || a.situation === 'working';
  if (alongsideWork) {
    if (p.studyForms.includes('apprenticeship')) add('apprenticeship', 12);
    if (p.anywhere || p.teachingTimes.some((t) => t === 'evening' || t === 'weekend' || t === 'self_paced'))
      add('alongside_work', 10);
  }
  if (a.support.includes('special_support') && p.support.includes('special_support'))
    add('special_support', 20);
  if (
    (a.situation === 'new_in_finland' || a.support.includes('language_support')) &&
    p.support.includes('immigrants')
  )
    add('immigrants', 15);
  if (a.studyLanguage && a.studyLanguage !== 'fi') add('language', 5, a.studyLanguage);
  if (p.costEur === null && reasons.length > 0 && reasons.length < 3) add('free', 1);
  return { points, reasons, state };
}

export async function suggestProgrammes(
  db: Db,
  _ctx: RequestContext,
  answers: FinderAnswers,
  now = Date.now(),
): Promise<FinderResponse> {
  const index = await catalogueIndex(db);
  const lang: CatalogueLang = answers.lang;
  const scored = index.items
    .map((p) => ({ p, s: score(p, answers, now) }))
    .filter(
      (x): x is { p: IndexedProgramme; s: NonNullable<ReturnType<typeof score>> } =>
        x.s !== null && x.s.points > 0,
    )
    .sort((a, b) => b.s.points - a.s.points || a.p.nameRank[lang] - b.p.nameRank[lang]);

  const keys = articlesFor(answers);
  const articles = await selectPublishedByKeys(db, lang, keys);
  const ordered = keys.flatMap((key) => articles.filter((a) => a.key === key));
  return {
    total: scored.length,
    suggestions: scored.slice(0, answers.limit).map(({ p, s }) => ({
      programme: presentListItem(p, lang, s.state),
      score: s.points,
      reasons: s.reasons.slice(0, 4),
    })),
    articles: ordered.map((a) => ({
      key: a.key,
      title: a.title,
      summary: a.summary,
      url: articleUrl(lang, a.slug),
    })),
  };
}
