import { z } from 'zod';
import { clientMsgIdSchema } from '../../conversations/client-msg-id.js';
import { cardTypes } from '../self-help/suggestions.service.js';
import { expertiseAreas } from '../../shared/vocabulary.js';
import { OPENING, FALLBACK } from './practice-script.js';
import { practiceChannels, practiceModes, rubricCriteria, RUBRIC_MAX, RUBRIC_MIN } from './training.table.js';

/** Scenarios are written in the console's languages. */
export const practiceLanguages = ['fi', 'sv', 'en'] as const;
export type PracticeLanguage = (typeof practiceLanguages)[number];

const text = (max: number) => z.string().trim().min(1).max(max);
const stepIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'Use lower-case letters, digits, - and _');

export const personaSchema = z.object({
  name: text(80),
  situation: text(1000),
  knows: z.string().trim().max(1000),
  doesNotKnow: z.string().trim().max(1000),
});

export const scriptStepSchema = z.object({
  id: stepIdSchema,
  after: z.string().trim().min(1).max(40),
  keywords: z.array(z.string().trim().toLowerCase().max(60)).max(20).default([]),
  afterTurns: z.number().int().min(1).max(20).nullish(),
  message: text(2000),
  ends: z.boolean().optional(),
});

/** A scenario as a trainer writes it; the script is checked by validateScript on top. */
export const scenarioInputSchema = z.object({
  language: z.enum(practiceLanguages),
  channel: z.enum(practiceChannels),
  title: text(120),
  persona: personaSchema,
  goals: z.array(text(300)).min(1).max(8),
  criteria: z.array(z.enum(rubricCriteria)).min(1).max(rubricCriteria.length),
  opening: text(2000),
  steps: z.array(scriptStepSchema).max(40),
  fallback: z.string().trim().max(1000),
  isActive: z.boolean().default(true),
});
export type ScenarioInput = z.infer<typeof scenarioInputSchema>;

export const scenarioSummarySchema = z.object({
  id: z.string(),
  key: z.string().nullable(),
  language: z.enum(practiceLanguages),
  channel: z.enum(practiceChannels),
  title: z.string(),
  personaName: z.string(),
  goals: z.array(z.string()),
  isActive: z.boolean(),
  /** How many times the asking counsellor has finished it. */
  doneByMe: z.number().int(),
});
export type ScenarioSummary = z.infer<typeof scenarioSummarySchema>;

export const scenarioSchema = scenarioInputSchema.extend({
  id: z.string(),
  key: z.string().nullable(),
  updatedAt: z.string(),
});
export type Scenario = z.infer<typeof scenarioSchema>;

export const scenarioListQuerySchema = z.object({
  lang: z.enum(practiceLanguages).optional(),
  /** Trainers may list the scenarios taken out of use too. */
  all: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export const idParamsSchema = z.object({ id: z.uuid() });

export const startSessionSchema = z.object({
  scenarioId: z.uuid(),
  mode: z.enum(practiceModes).default('scripted'),
  /** Live mode: the counsellor who practises (the trainer starting it plays the client). */
  counsellorId: z.uuid().optional(),
});

/** A guide or programme sent as a card, as the chat console sends one (the card search's result). */
export const practiceCardSchema = z.object({
  type: z.enum(cardTypes),
  id: z.string().max(200),
  title: z.string().max(300),
  summary: z.string().max(600),
  url: z.string().max(500),
});

export const postMessageSchema = z
  .object({
    body: z.string().trim().max(4000).default(''),
    clientMsgId: clientMsgIdSchema,
    card: practiceCardSchema.optional(),
  })
  .refine((m) => m.body.length > 0 || !!m.card, { message: 'Write a message', path: ['body'] });
export type PostMessageInput = z.infer<typeof postMessageSchema>;

/** A practised hand-over, as the chat console's transfer dialog sends one. */
export const practiceTransferSchema = z
  .object({
    staffId: z.uuid().optional(),
    organisationId: z.uuid().optional(),
    expertise: z.enum(expertiseAreas).optional(),
    note: z.string().trim().max(1000).default(''),
  })
  .refine((t) => [t.staffId, t.organisationId, t.expertise].filter(Boolean).length === 1, {
    message: 'Choose one colleague, provider or field',
    path: ['staffId'],
  });
export type PracticeTransferInput = z.infer<typeof practiceTransferSchema>;

export const messagesQuerySchema = z.object({ after: z.coerce.number().int().min(0).default(0) });

export const practiceMessageSchema = z.object({
  seq: z.number().int(),
  author: z.enum(['client', 'counsellor']),
  authorName: z.string().nullable(),
  body: z.string(),
  card: practiceCardSchema.nullable(),
  /** A practised hand-over: to whom it went. */
  transfer: z
    .object({ kind: z.enum(['staff', 'organisation', 'expertise']), id: z.string(), label: z.string() })
    .nullable(),
  /** The script step that produced a client line; shown to reviewers. */
  step: z.string().nullable(),
  clientMsgId: z.string().nullable(),
  createdAt: z.string(),
});
export type PracticeMessage = z.infer<typeof practiceMessageSchema>;

const criterionScoreSchema = z.object({
  score: z.number().int().min(RUBRIC_MIN).max(RUBRIC_MAX),
  comment: z.string().trim().max(2000).default(''),
});

export const reviewInputSchema = z.object({
  scores: z.partialRecord(z.enum(rubricCriteria), criterionScoreSchema),
  summary: z.string().trim().max(4000).default(''),
});
export type ReviewInput = z.infer<typeof reviewInputSchema>;

export const reviewSchema = z.object({
  kind: z.enum(['self', 'trainer']),
  reviewerName: z.string().nullable(),
  scores: z.partialRecord(z.enum(rubricCriteria), z.object({ score: z.number(), comment: z.string() })),
  summary: z.string(),
  updatedAt: z.string(),
});
export type Review = z.infer<typeof reviewSchema>;

export const commentInputSchema = z.object({
  seq: z.number().int().min(1),
  body: text(2000),
});

export const messageCommentSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  reviewerName: z.string().nullable(),
  body: z.string(),
  createdAt: z.string(),
});

export const sessionSummarySchema = z.object({
  id: z.string(),
  scenarioId: z.string(),
  scenarioTitle: z.string(),
  language: z.string(),
  channel: z.enum(practiceChannels),
  mode: z.enum(practiceModes),
  status: z.enum(['active', 'finished']),
  staffId: z.string(),
  staffName: z.string(),
  trainerId: z.string().nullable(),
  trainerName: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  selfReviewed: z.boolean(),
  trainerReviewed: z.boolean(),
});
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

export const sessionSchema = sessionSummarySchema.extend({
  /** How the asking staff member takes part: the counsellor, the client played live, or a reviewer. */
  role: z.enum(['counsellor', 'client', 'reviewer']),
  canReview: z.boolean(),
  scenario: scenarioSchema.omit({ steps: true, fallback: true }),
  messages: z.array(practiceMessageSchema),
  reviews: z.array(reviewSchema),
  comments: z.array(messageCommentSchema),
});
export type Session = z.infer<typeof sessionSchema>;

export const progressQuerySchema = z.object({ staffId: z.uuid().optional() });

export const progressSchema = z.object({
  staffId: z.string(),
  name: z.string(),
  organisationName: z.string().nullable(),
  finished: z.number().int(),
  reviewed: z.number().int(),
  /** The mean of the trainer's scores per criterion; null where none. */
  averages: z.partialRecord(z.enum(rubricCriteria), z.number()),
  sessions: z.array(
    sessionSummarySchema.extend({
      selfScores: z.partialRecord(z.enum(rubricCriteria), z.number()),
      trainerScores: z.partialRecord(z.enum(rubricCriteria), z.number()),
      trainerSummary: z.string().nullable(),
    }),
  ),
});
export type Progress = z.infer<typeof progressSchema>;

export const teamSchema = z.object({
  items: z.array(
    z.object({
      staffId: z.string(),
      name: z.string(),
      organisationName: z.string().nullable(),
      finished: z.number().int(),
      reviewed: z.number().int(),
      awaitingReview: z.number().int(),
      lastPractisedAt: z.string().nullable(),
    }),
  ),
});
export type Team = z.infer<typeof teamSchema>;

export const onboardingSchema = z.object({
  done: z.boolean(),
  items: z.array(
    z.object({
      key: z.enum(['profile', 'availability', 'practice', 'handbook']),
      done: z.boolean(),
      /** Progress where it counts: reviewed practices of 3, handbook articles read of all. */
      count: z.number().int().nullable(),
      of: z.number().int().nullable(),
    }),
  ),
});
export type Onboarding = z.infer<typeof onboardingSchema>;

export { OPENING, FALLBACK };
