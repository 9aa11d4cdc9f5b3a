import type { ColumnType, Generated } from 'kysely';
import type { ScriptStep } from './practice-script.js';

type JsonColumn<T> = ColumnType<T, string, string>;

/** What the simulated client is: shown to the counsellor before and during the practice. */
export interface Persona {
  name: string;
  situation: string;
  knows: string;
  doesNotKnow: string;
}

export const practiceChannels = ['chat', 'email'] as const;
export type PracticeChannel = (typeof practiceChannels)[number];

/**
 * The rubric a practice conversation is reviewed against; a scenario names the criteria that
 * apply to it. Each is scored 1–4 (rubricScores) with a comment.
 */
export const rubricCriteria = [
  'welcome_tone',
  'clarify_question',
  'accuracy',
  'catalogue_guides',
  'referral',
  'closing',
] as const;
export type RubricCriterion = (typeof rubricCriteria)[number];
export const RUBRIC_MIN = 1;
export const RUBRIC_MAX = 4;

export interface PracticeScenarioTable {
  id: Generated<string>;
  /** The content directory's name for a scenario loaded from content/practice; null when written in the console. */
  key: string | null;
  language: string;
  channel: PracticeChannel;
  title: string;
  persona: JsonColumn<Persona>;
  goals: JsonColumn<string[]>;
  criteria: JsonColumn<RubricCriterion[]>;
  opening: string;
  steps: JsonColumn<ScriptStep[]>;
  fallback: string;
  is_active: Generated<boolean>;
  created_by: string | null;
  updated_by: string | null;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export const practiceModes = ['scripted', 'live'] as const;
export type PracticeMode = (typeof practiceModes)[number];

export interface PracticeSessionTable {
  id: Generated<string>;
  scenario_id: string;
  /** The counsellor practising. */
  staff_id: string;
  mode: PracticeMode;
  /** The trainer playing the client (live), or null (the script plays it). */
  trainer_id: string | null;
  status: ColumnType<'active' | 'finished', 'active' | 'finished' | undefined, 'active' | 'finished'>;
  /** The script's position: the step that fired last ('opening' at first). */
  script_step: Generated<string>;
  /** The counsellor's replies since that step fired. */
  turns_since_step: Generated<number>;
  last_seq: Generated<number>;
  created_at: Generated<Date>;
  finished_at: Date | null;
}

export interface PracticeTransfer {
  kind: 'staff' | 'organisation' | 'expertise';
  id: string;
  /** Who or what it went to, as it was named then. */
  label: string;
}

export interface PracticeMessageTable {
  session_id: string;
  seq: number;
  author: 'client' | 'counsellor';
  author_staff_id: string | null;
  body: Generated<string>;
  card: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  /** A practised hand-over (the transfer dialog): { kind, id, label }. */
  transfer: ColumnType<PracticeTransfer | null, string | null | undefined, string | null>;
  /** The script step that produced a client line ('fallback' for the fallback line). */
  step_id: string | null;
  client_msg_id: string | null;
  created_at: Generated<Date>;
}

export type RubricScores = Partial<Record<RubricCriterion, { score: number; comment: string }>>;

export interface PracticeReviewTable {
  session_id: string;
  kind: 'self' | 'trainer';
  reviewer_id: string | null;
  scores: JsonColumn<RubricScores>;
  summary: Generated<string>;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface PracticeMessageCommentTable {
  id: Generated<string>;
  session_id: string;
  seq: number;
  reviewer_id: string | null;
  body: string;
  created_at: Generated<Date>;
}

export interface HandbookReadTable {
  staff_id: string;
  article_key: string;
  read_at: Generated<Date>;
}

export const shadowStatuses = ['pending', 'accepted', 'declined', 'ended'] as const;
export type ShadowStatus = (typeof shadowStatuses)[number];

export interface ShadowSessionTable {
  id: Generated<string>;
  conversation_id: string;
  /** The counsellor in training who follows. */
  observer_id: string;
  /** The colleague whose chat it is, who accepts. */
  counsellor_id: string;
  status: ColumnType<ShadowStatus, ShadowStatus | undefined, ShadowStatus>;
  created_at: Generated<Date>;
  decided_at: Date | null;
  ended_at: Date | null;
}

export interface ShadowNoteTable {
  id: Generated<string>;
  shadow_id: string;
  body: string;
  created_at: Generated<Date>;
}
