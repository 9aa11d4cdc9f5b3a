import type { ApiErrorBody } from '$lib/api/client';
import type { Scenario, ScenarioBody } from '$lib/api/training';
import { errorMessage, type MessageKey, type Translate } from '$lib/i18n/i18n';
import { rubricCriteria } from '$server/features/training/training.table';
import { list, text, type FormErrors } from './forms';

/** A script step as the form holds it: every field a string. */
export interface StepValues {
  id: string;
  after: string;
  keywords: string;
  afterTurns: string;
  message: string;
  ends: boolean;
}

export interface ScenarioFormValues {
  title: string;
  language: string;
  channel: string;
  personaName: string;
  situation: string;
  knows: string;
  doesNotKnow: string;
  goals: string;
  criteria: string[];
  opening: string;
  fallback: string;
  isActive: boolean;
  steps: StepValues[];
}

/** Blank step rows the form offers below the written ones (more after each save). */
export const BLANK_STEPS = 2;
const MAX_STEPS = 40;

export const emptyScenarioValues = (): ScenarioFormValues => ({
  title: '',
  language: 'fi',
  channel: 'chat',
  personaName: 'Demo-',
  situation: '',
  knows: '',
  doesNotKnow: '',
  goals: '',
  criteria: [...rubricCriteria],
  opening: '',
  fallback: '',
  isActive: true,
  steps: [],
});

export function scenarioValues(scenario: Scenario): ScenarioFormValues {
  return {
    title: scenario.title,
    language: scenario.language,
    channel: scenario.channel,
    personaName: scenario.persona.name,
    situation: scenario.persona.situation,
    knows: scenario.persona.knows,
    doesNotKnow: scenario.persona.doesNotKnow,
    goals: scenario.goals.join('\n'),
    criteria: scenario.criteria,
    opening: scenario.opening,
    fallback: scenario.fallback,
    isActive: scenario.isActive,
    steps: scenario.steps.map((step) => ({
      id: step.id,
      after: step.after,
      keywords: step.keywords.join(', '),
      afterTurns: step.afterTurns ? String(step.afterTurns) : '',
      message: step.message,
      ends: step.ends ?? false,
    })),
  };
}

/** The form as sent; step rows left blank are dropped. */
export function scenarioFormValues(form: FormData): ScenarioFormValues {
  const steps: StepValues[] = [];
  for (let i = 0; i < MAX_STEPS + BLANK_STEPS; i += 1) {
    if (!form.has(`step-${i}-id`)) break;
    const step = {
      id: text(form, `step-${i}-id`),
      after: text(form, `step-${i}-after`),
      keywords: text(form, `step-${i}-keywords`),
      afterTurns: text(form, `step-${i}-turns`),
      message: text(form, `step-${i}-message`),
      ends: form.get(`step-${i}-ends`) === 'on',
    };
    if (step.id || step.message || step.keywords || step.afterTurns) steps.push(step);
  }
  return {
    title: text(form, 'title'),
    language: text(form, 'language'),
    channel: text(form, 'channel'),
    personaName: text(form, 'persona-name'),
    situation: text(form, 'persona-situation'),
    knows: text(form, 'persona-knows'),
    doesNotKnow: text(form, 'persona-not-knows'),
    goals: text(form, 'goals'),
    criteria: list(form, 'criteria'),
    opening: text(form, 'opening'),
    fallback: text(form, 'fallback'),
    isActive: form.get('isActive') === 'on',
    steps,
  };
}

export function scenarioBody(values: ScenarioFormValues): ScenarioBody {
  return {
    language: values.language as ScenarioBody['language'],
    channel: values.channel as ScenarioBody['channel'],
    title: values.title,
    persona: {
      name: values.personaName,
      situation: values.situation,
      knows: values.knows,
      doesNotKnow: values.doesNotKnow,
    },
    goals: values.goals
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
    criteria: values.criteria as ScenarioBody['criteria'],
    opening: values.opening,
    fallback: values.fallback,
    isActive: values.isActive,
    steps: values.steps.map((step) => ({
      id: step.id,
      after: step.after || 'opening',
      keywords: step.keywords
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
      afterTurns: step.afterTurns ? Number(step.afterTurns) : null,
      message: step.message,
      ends: step.ends,
    })),
  };
}

const topFields: Record<string, string> = {
  'persona.name': 'persona-name',
  'persona.situation': 'persona-situation',
  'persona.knows': 'persona-knows',
  'persona.doesNotKnow': 'persona-not-knows',
};
const stepFields: Record<string, string> = { afterTurns: 'turns' };

/**
 * The API's refusal as form errors: a field under its field (a step's under its row), and a
 * script problem under the step it names, in words.
 */
export function scenarioErrors(error: ApiErrorBody, t: Translate, values: ScenarioFormValues): FormErrors {
  const errors: FormErrors = { _form: errorMessage(t, error.code) };
  if (error.code === 'practice.script_invalid') {
    const problems = (error.details?.problems ?? []) as { code: string; step?: string }[];
    for (const problem of problems) {
      const index = values.steps.findIndex((step) => step.id === problem.step);
      const field = problem.step === undefined ? 'fallback' : `step-${Math.max(index, 0)}-id`;
      errors[field] = t(`training.problem.${problem.code}` as MessageKey, { step: problem.step ?? '' });
    }
    return errors;
  }
  for (const { field } of error.details?.fields ?? []) {
    const parts = field.split('.');
    const name =
      parts[0] === 'steps' && parts.length >= 3
        ? `step-${parts[1]}-${stepFields[parts[2]!] ?? parts[2]}`
        : (topFields[parts.slice(0, 2).join('.')] ?? parts[0]!);
    errors[name] = t('error.field.invalid');
  }
  return errors;
}
