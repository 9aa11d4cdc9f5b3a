/** Code lists of the catalogue. The web localises every value; the API speaks these codes. */

export const qualificationTypes = [
  'vocational_upper_secondary',
  'further_vocational',
  'specialist_vocational',
  'qualification_part',
  'tuva',
  'telma',
  'other',
] as const;
export type QualificationType = (typeof qualificationTypes)[number];

export const studyForms = ['contact', 'online', 'blended', 'apprenticeship', 'training_agreement'] as const;
export type StudyForm = (typeof studyForms)[number];

export const supportKinds = ['immigrants', 'special_support', 'workplace_learners'] as const;
export type SupportKind = (typeof supportKinds)[number];

export const teachingTimes = ['daytime', 'evening', 'weekend', 'self_paced'] as const;
export type TeachingTime = (typeof teachingTimes)[number];

export const applicationMethods = ['continuous', 'joint', 'separate'] as const;
export type ApplicationMethod = (typeof applicationMethods)[number];

/** Application status filters: open now, continuous application, opening within 60 days. */
export const applicationStatuses = ['open', 'continuous', 'soon'] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];
export const OPENING_SOON_DAYS = 60;

export const teachingLanguages = ['fi', 'sv', 'en', 'se'] as const;

/** Fields of education (koulutusala), level 1 of Statistics Finland's classification 2016. */
export const fields = {
  '01': { fi: 'Kasvatusalat', sv: 'Pedagogik', en: 'Education' },
  '02': { fi: 'Taiteiden ja kulttuurin alat', sv: 'Konst och kultur', en: 'Arts and culture' },
  '03': { fi: 'Yhteiskunnalliset alat', sv: 'Samhällsvetenskap', en: 'Social sciences' },
  '04': {
    fi: 'Kauppa, hallinto ja oikeustieteet',
    sv: 'Handel, administration och juridik',
    en: 'Business, administration and law',
  },
  '05': { fi: 'Luonnontieteet', sv: 'Naturvetenskap', en: 'Natural sciences' },
  '06': {
    fi: 'Tietojenkäsittely ja tietoliikenne (ICT)',
    sv: 'Informations- och kommunikationsteknik (IKT)',
    en: 'Information and communication technology (ICT)',
  },
  '07': { fi: 'Tekniikan alat', sv: 'Teknik', en: 'Engineering, manufacturing and construction' },
  '08': { fi: 'Maa- ja metsätalousalat', sv: 'Lant- och skogsbruk', en: 'Agriculture and forestry' },
  '09': { fi: 'Terveys- ja hyvinvointialat', sv: 'Hälsovård och välfärd', en: 'Health and welfare' },
  '10': { fi: 'Palvelualat', sv: 'Tjänstebranscher', en: 'Services' },
  '99': { fi: 'Muu tai tuntematon ala', sv: 'Annan eller okänd bransch', en: 'Other or unknown field' },
} as const satisfies Record<string, { fi: string; sv: string; en: string }>;
export type FieldCode = keyof typeof fields;
export const fieldCodes = Object.keys(fields) as FieldCode[];
export const isFieldCode = (value: string): value is FieldCode => value in fields;

/** Text in the catalogue's three languages; any may be missing (Finnish is the fallback). */
export interface LocalText {
  fi?: string;
  sv?: string;
  en?: string;
}
export const catalogueLangs = ['fi', 'sv', 'en'] as const;
export type CatalogueLang = (typeof catalogueLangs)[number];

export function localText(text: LocalText | null | undefined, lang: CatalogueLang): string {
  if (!text) return '';
  return text[lang] || text.fi || text.en || text.sv || '';
}

/** The finder's answers as they travel in addresses and forms (multi-valued: interest, support). */
export const finderAnswerKeys = [
  'interest',
  'education',
  'situation',
  'municipality',
  'travel',
  'start',
  'pace',
  'support',
  'studyLanguage',
] as const;
export const multiValuedFinderAnswers: readonly string[] = ['interest', 'support'];

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Programme ids are UUIDs; anything else in an address or a cookie is ignored. */
export const isProgrammeId = (value: string): boolean => uuidPattern.test(value);
