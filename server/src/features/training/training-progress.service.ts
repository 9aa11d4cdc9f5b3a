import { authorize, can } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { countHandbook, selectReviewsOfStaff, selectTeam, sessionsQuery } from './training.repository.js';
import type { Onboarding, Progress, SessionSummary, Team } from './training.schema.js';
import { presentSessionSummary } from './training.service.js';
import { rubricCriteria, type RubricCriterion, type RubricScores } from './training.table.js';

/** A new counsellor's onboarding asks for this many practice conversations reviewed by a trainer. */
export const ONBOARDING_REVIEWED_PRACTICES = 3;
const LIST_LIMIT = 100;

/**
 * The practice conversations the training page lists for the person signed in: their own, those
 * where they play the client, and — for trainers — those of others waiting for a review.
 */
export async function listSessions(
  db: Db,
  ctx: RequestContext,
): Promise<{ mine: SessionSummary[]; playing: SessionSummary[]; awaitingReview: SessionSummary[] }> {
  const actor = authorize(ctx.actor, 'console.use');
  const [mine, playing, awaiting] = await Promise.all([
    sessionsQuery(db)
      .where('s.staff_id', '=', actor.staffId)
      .orderBy('s.created_at', 'desc')
      .limit(LIST_LIMIT)
      .execute(),
    sessionsQuery(db)
      .where('s.trainer_id', '=', actor.staffId)
      .where('s.status', '=', 'active')
      .orderBy('s.created_at', 'desc')
      .limit(LIST_LIMIT)
      .execute(),
    can(actor, 'training.author')
      ? sessionsQuery(db)
          .where('s.status', '=', 'finished')
          .where('s.staff_id', '!=', actor.staffId)
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom('practice_reviews as r')
                  .whereRef('r.session_id', '=', 's.id')
                  .where('r.kind', '=', 'trainer'),
              ),
            ),
          )
          .orderBy('s.finished_at')
          .limit(LIST_LIMIT)
          .execute()
      : Promise.resolve([]),
  ]);
  return {
    mine: mine.map(presentSessionSummary),
    playing: playing.map(presentSessionSummary),
    awaitingReview: awaiting.map(presentSessionSummary),
  };
}

const scoresOf = (scores: RubricScores | undefined) =>
  Object.fromEntries(
    Object.entries(scores ?? {}).map(([criterion, value]) => [criterion, value!.score]),
  ) as Partial<Record<RubricCriterion, number>>;

/**
 * One counsellor's practice: their conversations oldest first with both reviews' scores, and the
 * mean of the trainer's scores per criterion. Their own, or a trainer's, an admin's, or their
 * provider's admin's view (403 for anyone else).
 */
export async function readProgress(db: Db, ctx: RequestContext, staffId?: string): Promise<Progress> {
  const actor = authorize(ctx.actor, 'console.use');
  const targetId = staffId ?? actor.staffId;
  const person = await db
    .selectFrom('staff')
    .leftJoin('organisations as o', 'o.id', 'staff.organisation_id')
    .select(['staff.id', 'staff.name', 'staff.organisation_id', 'o.name_fi as organisation_name'])
    .where('staff.id', '=', targetId)
    .executeTakeFirst();
  if (!person) throw new AppError('staff.not_found', 404, 'No such staff member');
  authorize(actor, 'training.read_progress', { organisationId: person.organisation_id, staffId: person.id });

  const [rows, reviews] = await Promise.all([
    sessionsQuery(db).where('s.staff_id', '=', targetId).orderBy('s.created_at').execute(),
    selectReviewsOfStaff(db, targetId),
  ]);
  const review = (sessionId: string, kind: 'self' | 'trainer') =>
    reviews.find((r) => r.session_id === sessionId && r.kind === kind);
  const sums = new Map<RubricCriterion, { total: number; n: number }>();
  for (const r of reviews.filter((r) => r.kind === 'trainer')) {
    for (const [criterion, value] of Object.entries(r.scores)) {
      const sum = sums.get(criterion as RubricCriterion) ?? { total: 0, n: 0 };
      sum.total += value!.score;
      sum.n += 1;
      sums.set(criterion as RubricCriterion, sum);
    }
  }
  const averages: Partial<Record<RubricCriterion, number>> = {};
  for (const criterion of rubricCriteria) {
    const sum = sums.get(criterion);
    if (sum) averages[criterion] = Math.round((sum.total / sum.n) * 10) / 10;
  }
  return {
    staffId: person.id,
    name: person.name,
    organisationName: person.organisation_name,
    finished: rows.filter((r) => r.status === 'finished').length,
    reviewed: rows.filter((r) => r.trainer_reviewed).length,
    averages,
    sessions: rows.map((row) => ({
      ...presentSessionSummary(row),
      selfScores: scoresOf(review(row.id, 'self')?.scores),
      trainerScores: scoresOf(review(row.id, 'trainer')?.scores),
      trainerSummary: review(row.id, 'trainer')?.summary ?? null,
    })),
  };
}

/** The counsellors whose practice the person signed in follows: everyone for trainers and admins, a provider's for its admins. */
export async function readTeam(db: Db, ctx: RequestContext): Promise<Team> {
  const actor = authorize(ctx.actor, 'console.use');
  let organisationId: string | null = null;
  if (!can(actor, 'training.author')) {
    if (actor.role !== 'org_admin' || !actor.organisationId) {
      throw new AppError('auth.forbidden', 403, 'Not allowed', { permission: 'training.read_progress' });
    }
    organisationId = actor.organisationId;
  }
  const [rows, awaiting] = await Promise.all([
    selectTeam(db, organisationId),
    db
      .selectFrom('practice_sessions as s')
      .select(['s.staff_id', (eb) => eb.fn.countAll<string>().as('n')])
      .where('s.status', '=', 'finished')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('practice_reviews as r')
              .whereRef('r.session_id', '=', 's.id')
              .where('r.kind', '=', 'trainer'),
          ),
        ),
      )
      .groupBy('s.staff_id')
      .execute(),
  ]);
  const waiting = new Map(awaiting.map((a) => [a.staff_id, Number(a.n)]));
  return {
    items: rows.map((row) => ({
      staffId: row.id,
      name: row.name,
      organisationName: row.organisation_name,
      finished: Number(row.finished ?? 0),
      reviewed: Number(row.reviewed ?? 0),
      awaitingReview: waiting.get(row.id) ?? 0,
      lastPractisedAt: row.last_practised_at ? new Date(row.last_practised_at).toISOString() : null,
    })),
  };
}

/**
 * A counselling staff member's onboarding: languages in their profile, availability set,
 * three practice conversations reviewed by a trainer, and every handbook article read.
 */
export async function readOnboarding(db: Db, ctx: RequestContext): Promise<Onboarding> {
  const actor = authorize(ctx.actor, 'training.practise');
  const [staff, availability, reviewed, handbook] = await Promise.all([
    db.selectFrom('staff').select(['languages']).where('id', '=', actor.staffId).executeTakeFirstOrThrow(),
    db
      .selectFrom('availability_rules')
      .select('id')
      .where('staff_id', '=', actor.staffId)
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom('practice_sessions as s')
      .innerJoin('practice_reviews as r', 'r.session_id', 's.id')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('s.staff_id', '=', actor.staffId)
      .where('r.kind', '=', 'trainer')
      .executeTakeFirstOrThrow(),
    countHandbook(db, actor.staffId),
  ]);
  const practices = Number(reviewed.n);
  const items: Onboarding['items'] = [
    { key: 'profile', done: staff.languages.length > 0, count: null, of: null },
    { key: 'availability', done: !!availability, count: null, of: null },
    {
      key: 'practice',
      done: practices >= ONBOARDING_REVIEWED_PRACTICES,
      count: Math.min(practices, ONBOARDING_REVIEWED_PRACTICES),
      of: ONBOARDING_REVIEWED_PRACTICES,
    },
    { key: 'handbook', done: handbook.read >= handbook.total, count: handbook.read, of: handbook.total },
  ];
  return { done: items.every((item) => item.done), items };
}
