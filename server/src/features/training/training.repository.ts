import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import { HANDBOOK_CATEGORY } from '../articles/article-vocabulary.js';
import type { ScriptStep } from './practice-script.js';
import type { RubricCriterion, RubricScores } from './training.table.js';

export const scenarioColumns = [
  'practice_scenarios.id',
  'practice_scenarios.key',
  'practice_scenarios.language',
  'practice_scenarios.channel',
  'practice_scenarios.title',
  'practice_scenarios.persona',
  'practice_scenarios.goals',
  'practice_scenarios.criteria',
  'practice_scenarios.opening',
  'practice_scenarios.steps',
  'practice_scenarios.fallback',
  'practice_scenarios.is_active',
  'practice_scenarios.updated_at',
] as const;

export function selectScenario(db: Db, id: string) {
  return db.selectFrom('practice_scenarios').select(scenarioColumns).where('id', '=', id).executeTakeFirst();
}

export type ScenarioRow = NonNullable<Awaited<ReturnType<typeof selectScenario>>>;

/** Scenarios by language and title, with how often `staffId` has finished each. */
export function selectScenarios(db: Db, staffId: string, options: { lang?: string; all: boolean }) {
  let query = db
    .selectFrom('practice_scenarios')
    .select(scenarioColumns)
    .select((eb) =>
      eb
        .selectFrom('practice_sessions as s')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('s.scenario_id', '=', 'practice_scenarios.id')
        .where('s.staff_id', '=', staffId)
        .where('s.status', '=', 'finished')
        .as('done_by_me'),
    )
    .orderBy('practice_scenarios.language')
    .orderBy('practice_scenarios.title');
  if (options.lang) query = query.where('practice_scenarios.language', '=', options.lang);
  if (!options.all) query = query.where('practice_scenarios.is_active', '=', true);
  return query.execute();
}

/** A practice conversation with the names around it and whether each review exists. */
export function sessionsQuery(db: Db) {
  return db
    .selectFrom('practice_sessions as s')
    .innerJoin('practice_scenarios as sc', 'sc.id', 's.scenario_id')
    .innerJoin('staff as c', 'c.id', 's.staff_id')
    .leftJoin('staff as tr', 'tr.id', 's.trainer_id')
    .leftJoin('organisations as o', 'o.id', 'c.organisation_id')
    .select([
      's.id',
      's.scenario_id',
      's.staff_id',
      's.mode',
      's.trainer_id',
      's.status',
      's.script_step',
      's.turns_since_step',
      's.last_seq',
      's.created_at',
      's.finished_at',
      'sc.title as scenario_title',
      'sc.language',
      'sc.channel',
      'c.name as staff_name',
      'c.organisation_id as staff_organisation_id',
      'o.name_fi as organisation_name',
      'tr.name as trainer_name',
    ])
    .select((eb) => [
      eb
        .exists(
          eb
            .selectFrom('practice_reviews as r')
            .whereRef('r.session_id', '=', 's.id')
            .where('r.kind', '=', 'self'),
        )
        .as('self_reviewed'),
      eb
        .exists(
          eb
            .selectFrom('practice_reviews as r')
            .whereRef('r.session_id', '=', 's.id')
            .where('r.kind', '=', 'trainer'),
        )
        .as('trainer_reviewed'),
    ]);
}

export type SessionRow = Awaited<ReturnType<ReturnType<typeof sessionsQuery>['executeTakeFirstOrThrow']>>;

export function selectSession(db: Db, id: string) {
  return sessionsQuery(db).where('s.id', '=', id).executeTakeFirst();
}

export function selectMessages(db: Db, sessionId: string, afterSeq: number) {
  return db
    .selectFrom('practice_messages as m')
    .leftJoin('staff', 'staff.id', 'm.author_staff_id')
    .select([
      'm.seq',
      'm.author',
      'm.body',
      'm.card',
      'm.transfer',
      'm.step_id',
      'm.client_msg_id',
      'm.created_at',
      'staff.name as author_name',
    ])
    .where('m.session_id', '=', sessionId)
    .where('m.seq', '>', afterSeq)
    .orderBy('m.seq')
    .execute();
}

export type MessageRow = Awaited<ReturnType<typeof selectMessages>>[number];

export function selectReviews(db: Db, sessionId: string) {
  return db
    .selectFrom('practice_reviews as r')
    .leftJoin('staff', 'staff.id', 'r.reviewer_id')
    .select(['r.kind', 'r.scores', 'r.summary', 'r.updated_at', 'staff.name as reviewer_name'])
    .where('r.session_id', '=', sessionId)
    .orderBy('r.kind')
    .execute();
}

export function selectComments(db: Db, sessionId: string) {
  return db
    .selectFrom('practice_message_comments as m')
    .leftJoin('staff', 'staff.id', 'm.reviewer_id')
    .select(['m.id', 'm.seq', 'm.body', 'm.created_at', 'staff.name as reviewer_name'])
    .where('m.session_id', '=', sessionId)
    .orderBy('m.seq')
    .orderBy('m.id')
    .execute();
}

/** Stores one review of a session (the counsellor's own, or the trainer's), replacing an earlier one. */
export function upsertReview(
  db: Db,
  review: {
    sessionId: string;
    kind: 'self' | 'trainer';
    reviewerId: string;
    scores: RubricScores;
    summary: string;
  },
) {
  return db
    .insertInto('practice_reviews')
    .values({
      session_id: review.sessionId,
      kind: review.kind,
      reviewer_id: review.reviewerId,
      scores: JSON.stringify(review.scores),
      summary: review.summary,
    })
    .onConflict((oc) =>
      oc.columns(['session_id', 'kind']).doUpdateSet({
        reviewer_id: review.reviewerId,
        scores: JSON.stringify(review.scores),
        summary: review.summary,
        updated_at: sql<Date>`now()`,
      }),
    )
    .execute();
}

/** Every review of `staffId`'s sessions, oldest session first. */
export function selectReviewsOfStaff(db: Db, staffId: string) {
  return db
    .selectFrom('practice_reviews as r')
    .innerJoin('practice_sessions as s', 's.id', 'r.session_id')
    .select(['r.session_id', 'r.kind', 'r.scores', 'r.summary'])
    .where('s.staff_id', '=', staffId)
    .execute();
}

/** Counsellors with their practice counts; `organisationId` limits to one provider. */
export function selectTeam(db: Db, organisationId: string | null) {
  let query = db
    .selectFrom('staff as c')
    .leftJoin('organisations as o', 'o.id', 'c.organisation_id')
    .select(['c.id', 'c.name', 'o.name_fi as organisation_name'])
    .select((eb) => [
      eb
        .selectFrom('practice_sessions as s')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('s.staff_id', '=', 'c.id')
        .where('s.status', '=', 'finished')
        .as('finished'),
      eb
        .selectFrom('practice_sessions as s')
        .innerJoin('practice_reviews as r', 'r.session_id', 's.id')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('s.staff_id', '=', 'c.id')
        .where('r.kind', '=', 'trainer')
        .as('reviewed'),
      eb
        .selectFrom('practice_sessions as s')
        .select((sb) => sb.fn.max('s.created_at').as('at'))
        .whereRef('s.staff_id', '=', 'c.id')
        .as('last_practised_at'),
    ])
    .where('c.is_active', '=', true)
    .where('c.role', 'in', ['counsellor', 'org_admin'])
    .orderBy('c.name');
  if (organisationId) query = query.where('c.organisation_id', '=', organisationId);
  return query.execute();
}

/** The published handbook articles of Finnish, the language every handbook is written in first. */
export async function countHandbook(db: Db, staffId: string): Promise<{ total: number; read: number }> {
  const row = await db
    .selectFrom('articles')
    .innerJoin('article_versions as v', 'v.article_id', 'articles.id')
    .leftJoin('handbook_reads as r', (join) =>
      join.onRef('r.article_key', '=', 'articles.key').on('r.staff_id', '=', staffId),
    )
    .select((eb) => [
      eb.fn.count<string>('articles.key').distinct().as('total'),
      eb.fn.count<string>('r.article_key').distinct().as('read'),
    ])
    .where('articles.category', '=', HANDBOOK_CATEGORY)
    .where('v.lang', '=', 'fi')
    .where('v.status', '=', 'published')
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), read: Number(row.read) };
}

export function recordHandbookRead(db: Db, staffId: string, articleKey: string) {
  return db
    .insertInto('handbook_reads')
    .values({ staff_id: staffId, article_key: articleKey })
    .onConflict((oc) => oc.columns(['staff_id', 'article_key']).doNothing())
    .execute();
}

export type { RubricCriterion, ScriptStep };
