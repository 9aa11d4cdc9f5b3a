import type { catalogueLangs } from '$server/features/catalogue/catalogue-vocabulary';
import type {
  educationAnswers,
  paceAnswers,
  situationAnswers,
  startAnswers,
  supportAnswers,
  travelAnswers,
} from '$server/features/catalogue/finder';
import { codeLabel, type Lang, type MessageKey, type Translate } from '$lib/i18n/i18n';
import { fieldName } from './programme-text';

/**
 * The finder's answer choices per question, in the order shown; their words are the
 * catalogue's `finder.answer.<question>.<code>`. Checked against the server's lists, so a
 * choice added there fails the type check here until it is offered.
 */
const choices = {
  education: ['basic', 'upper_secondary', 'vocational', 'higher', 'abroad', 'none'],
  situation: ['working', 'unemployed', 'new_in_finland', 'returning', 'career_change', 'other'],
  travel: ['local', 'region', 'online'],
  start: ['now', 'within_6', 'later'],
  pace: ['full_time', 'part_time', 'alongside_work'],
  support: ['special_support', 'language_support', 'none'],
  studyLanguage: ['fi', 'sv', 'en'],
} as const satisfies {
  education: typeof educationAnswers;
  situation: typeof situationAnswers;
  travel: typeof travelAnswers;
  start: typeof startAnswers;
  pace: typeof paceAnswers;
  support: typeof supportAnswers;
  studyLanguage: typeof catalogueLangs;
};

/** A question's choices as [code, words] pairs; none for a question without fixed choices. */
export function finderChoices(t: Translate, question: string): [string, string][] {
  const codes: readonly string[] = (choices as Record<string, readonly string[] | undefined>)[question] ?? [];
  return codes.map((code) => [code, codeLabel(t, `finder.answer.${question}`, code)]);
}

/** Why a suggestion fits, in words: "Kiinnostava alasi (Tekniikan alat)"; empty for an unknown reason. */
export function finderReason(t: Translate, lang: Lang, code: string, value: string | undefined): string {
  if (code === 'field') {
    const name = value ? fieldName(value, lang) : undefined;
    return name ? t('finder.reason.field', { value: name }) : t('finder.reason.field_unnamed');
  }
  if (codeLabel(t, 'finder.reason', code) === code) return '';
  const language = code === 'language' && value ? codeLabel(t, 'catalogue.language', value) : undefined;
  const shown = code === 'language' ? (language === value ? '' : language) : value;
  return t(`finder.reason.${code}` as MessageKey, { value: shown ?? '' }).trim();
}
