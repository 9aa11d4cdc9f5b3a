import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { selectScenario, upsertReview, type SessionRow } from './training.repository.js';
import type { ReviewInput, Session } from './training.schema.js';
import { readSession, sessionFor } from './training.service.js';
import type { RubricCriterion, RubricScores } from './training.table.js';

/* Reviews --------------------------------------------------------------------------------- */

/** Scores for the scenario's own criteria only; a missing one is left unscored. */
async function checkScores(db: Db, row: SessionRow, input: ReviewInput): Promise<RubricScores> {
  if (row.status !== 'finished') {
    throw new AppError('practice.not_finished', 409, 'End the practice conversation before reviewing it');
  }
  const scenario = await selectScenario(db, row.scenario_id);
  const allowed = new Set<RubricCriterion>(scenario!.criteria);
  const unknown = Object.keys(input.scores).filter((k) => !allowed.has(k as RubricCriterion));
  if (unknown.length > 0) {
    throw new AppError('practice.unknown_criterion', 400, 'Not a criterion of this scenario', {
      criteria: unknown,
      allowed: [...allowed],
    });
  }
  if (Object.keys(input.scores).length === 0 && !input.summary) {
    throw new AppError('practice.empty_review', 400, 'Score at least one criterion or write a summary');
  }
  return input.scores as RubricScores;
}

/** The counsellor's assessment of their own practice conversation. */
export async function saveSelfReview(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: ReviewInput,
): Promise<Session> {
  const { row, actor, role } = await sessionFor(db, ctx, id);
  if (role !== 'counsellor')
    throw new AppError('practice.not_own', 403, 'Only the counsellor assesses themselves');
  const scores = await checkScores(db, row, input);
  await upsertReview(db, {
    sessionId: id,
    kind: 'self',
    reviewerId: actor.staffId,
    scores,
    summary: input.summary,
  });
  return readSession(db, ctx, id);
}

/** A trainer's review of a counsellor's practice conversation, per criterion. */
export async function saveTrainerReview(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: ReviewInput,
): Promise<Session> {
  const { row, actor, role } = await sessionFor(db, ctx, id);
  authorize(actor, 'training.author');
  if (role === 'counsellor')
    throw new AppError('practice.own_review', 403, 'A trainer does not review their own practice');
  const scores = await checkScores(db, row, input);
  await upsertReview(db, {
    sessionId: id,
    kind: 'trainer',
    reviewerId: actor.staffId,
    scores,
    summary: input.summary,
  });
  return readSession(db, ctx, id);
}

/** A trainer's comment on one message of a practice conversation. */
export async function addMessageComment(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: { seq: number; body: string },
): Promise<Session> {
  const { actor, role } = await sessionFor(db, ctx, id);
  authorize(actor, 'training.author');
  if (role === 'counsellor')
    throw new AppError('practice.own_review', 403, 'A trainer does not review their own practice');
  const message = await db
    .selectFrom('practice_messages')
    .select('seq')
    .where('session_id', '=', id)
    .where('seq', '=', input.seq)
    .executeTakeFirst();
  if (!message) throw new AppError('practice.message_not_found', 404, 'No such message in this conversation');
  await db
    .insertInto('practice_message_comments')
    .values({ session_id: id, seq: input.seq, reviewer_id: actor.staffId, body: input.body })
    .execute();
  return readSession(db, ctx, id);
}

/** Guides, programmes and canned responses for the simulated client's latest line. */
