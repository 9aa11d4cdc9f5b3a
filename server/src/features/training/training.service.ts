import type { StaffActor } from '../../access/actor.js';
import { authorize, can } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { suggestForQuestion } from '../inbox/conversation-suggestions.service.js';
import { suggestionLangs, type SuggestionLang } from '../self-help/suggestions.service.js';
import { nextClientLine, OPENING } from './practice-script.js';
import { presentScenario } from './scenario.service.js';
import {
  selectComments,
  selectMessages,
  selectReviews,
  selectScenario,
  selectSession,
  type MessageRow,
  type SessionRow,
} from './training.repository.js';
import type {
  PostMessageInput,
  PracticeMessage,
  PracticeTransferInput,
  Session,
  SessionSummary,
} from './training.schema.js';
import type { PracticeMode, PracticeTransfer } from './training.table.js';

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export function presentSessionSummary(row: SessionRow): SessionSummary {
  return {
    id: row.id,
    scenarioId: row.scenario_id,
    scenarioTitle: row.scenario_title,
    language: row.language,
    channel: row.channel,
    mode: row.mode,
    status: row.status,
    staffId: row.staff_id,
    staffName: row.staff_name,
    trainerId: row.trainer_id,
    trainerName: row.trainer_name,
    createdAt: new Date(row.created_at).toISOString(),
    finishedAt: iso(row.finished_at),
    selfReviewed: !!row.self_reviewed,
    trainerReviewed: !!row.trainer_reviewed,
  };
}

function presentMessage(row: MessageRow): PracticeMessage {
  return {
    seq: row.seq,
    author: row.author,
    authorName: row.author === 'client' ? null : row.author_name,
    body: row.body,
    card: (row.card as PracticeMessage['card']) ?? null,
    transfer: row.transfer ?? null,
    step: row.step_id,
    clientMsgId: row.client_msg_id,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/* Sessions -------------------------------------------------------------------------------- */

type Role = Session['role'];

/**
 * Who may open a practice conversation: the counsellor practising, the trainer playing the
 * client, trainers, admins, and the admins of the counsellor's provider; 403 for anyone else
 * (their reviews are the counsellor's), 404 when there is none.
 */
export async function sessionFor(
  db: Db,
  ctx: RequestContext,
  id: string,
): Promise<{ row: SessionRow; actor: StaffActor; role: Role }> {
  const actor = authorize(ctx.actor, 'console.use');
  const row = await selectSession(db, id);
  if (!row) throw new AppError('practice.not_found', 404, 'No such practice conversation');
  if (row.staff_id === actor.staffId) return { row, actor, role: 'counsellor' };
  if (row.mode === 'live' && row.trainer_id === actor.staffId) return { row, actor, role: 'client' };
  authorize(actor, 'training.read_progress', {
    organisationId: row.staff_organisation_id,
    staffId: row.staff_id,
  });
  return { row, actor, role: 'reviewer' };
}

export async function readSession(db: Db, ctx: RequestContext, id: string): Promise<Session> {
  const { row, actor, role } = await sessionFor(db, ctx, id);
  const [scenario, messages, reviews, comments] = await Promise.all([
    selectScenario(db, row.scenario_id),
    selectMessages(db, id, 0),
    selectReviews(db, id),
    selectComments(db, id),
  ]);
  const { steps: _steps, fallback: _fallback, ...shown } = presentScenario(scenario!);
  return {
    ...presentSessionSummary(row),
    role,
    canReview: role !== 'counsellor' && can(actor, 'training.author'),
    scenario: shown,
    messages: messages.map(presentMessage),
    reviews: reviews.map((r) => ({
      kind: r.kind,
      reviewerName: r.reviewer_name,
      scores: r.scores,
      summary: r.summary,
      updatedAt: new Date(r.updated_at).toISOString(),
    })),
    comments: comments.map((c) => ({
      id: String(c.id),
      seq: c.seq,
      reviewerName: c.reviewer_name,
      body: c.body,
      createdAt: new Date(c.created_at).toISOString(),
    })),
  };
}

/** Messages after `after`, for the practice pane and the trainer's client view to follow. */
export async function listMessages(
  db: Db,
  ctx: RequestContext,
  id: string,
  after: number,
): Promise<{ status: 'active' | 'finished'; items: PracticeMessage[] }> {
  const { row } = await sessionFor(db, ctx, id);
  const rows = await selectMessages(db, id, after);
  return { status: row.status, items: rows.map(presentMessage) };
}

/**
 * Starts a practice conversation. Scripted: the counsellor starts it and the client's opening
 * message is there at once. Live: a trainer starts it for a counsellor and plays the client,
 * beginning with the opening message themselves.
 */
export async function startSession(
  db: Db,
  ctx: RequestContext,
  input: { scenarioId: string; mode: PracticeMode; counsellorId?: string },
): Promise<Session> {
  const actor = authorize(ctx.actor, 'training.practise');
  const scenario = await selectScenario(db, input.scenarioId);
  if (!scenario || !scenario.is_active) {
    throw new AppError('practice.scenario_not_found', 404, 'No such scenario in use');
  }
  let staffId = actor.staffId;
  let trainerId: string | null = null;
  if (input.mode === 'live') {
    authorize(actor, 'training.author');
    if (!input.counsellorId) {
      throw new AppError('practice.counsellor_required', 400, 'Name the counsellor who practises');
    }
    const counsellor = await db
      .selectFrom('staff')
      .select(['id'])
      .where('id', '=', input.counsellorId)
      .where('is_active', '=', true)
      .where('role', 'in', ['counsellor', 'org_admin', 'admin'])
      .executeTakeFirst();
    if (!counsellor || counsellor.id === actor.staffId) {
      throw new AppError('practice.counsellor_not_found', 400, 'No such counsellor to practise with');
    }
    staffId = counsellor.id;
    trainerId = actor.staffId;
  }
  const id = await db.transaction().execute(async (trx) => {
    const session = await trx
      .insertInto('practice_sessions')
      .values({
        scenario_id: scenario.id,
        staff_id: staffId,
        mode: input.mode,
        trainer_id: trainerId,
        ...(input.mode === 'scripted' ? { last_seq: 1 } : {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.mode === 'scripted') {
      await trx
        .insertInto('practice_messages')
        .values({
          session_id: session.id,
          seq: 1,
          author: 'client',
          author_staff_id: null,
          body: scenario.opening,
          step_id: OPENING,
          client_msg_id: null,
        })
        .execute();
    }
    return session.id;
  });
  return readSession(db, ctx, id);
}

/**
 * A message in a practice conversation: the counsellor's reply (answered at once by the script
 * in a scripted practice), or the client's line from the trainer playing them. A known client
 * message id returns the messages stored for it the first time.
 */
export async function postMessage(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: PostMessageInput,
): Promise<{ items: PracticeMessage[] }> {
  const { row, actor, role } = await sessionFor(db, ctx, id);
  if (role === 'reviewer') throw new AppError('practice.not_participant', 403, 'Only the participants write');
  const seqs = await db.transaction().execute(async (trx) => {
    const session = await trx
      .selectFrom('practice_sessions')
      .select(['status', 'last_seq', 'script_step', 'turns_since_step', 'mode'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const known = await trx
      .selectFrom('practice_messages')
      .select('seq')
      .where('session_id', '=', id)
      .where('client_msg_id', '=', input.clientMsgId)
      .executeTakeFirst();
    if (known) {
      // The script's answer, when there was one, follows the first copy.
      return [known.seq, known.seq + 1];
    }
    if (session.status === 'finished') {
      throw new AppError('practice.finished', 409, 'The practice conversation has ended');
    }
    let seq = session.last_seq + 1;
    const stored = [seq];
    await trx
      .insertInto('practice_messages')
      .values({
        session_id: id,
        seq,
        author: role === 'client' ? 'client' : 'counsellor',
        author_staff_id: actor.staffId,
        body: input.body,
        card: input.card ? JSON.stringify(input.card) : null,
        step_id: null,
        client_msg_id: input.clientMsgId,
      })
      .execute();
    let position = { step: session.script_step, turnsSinceStep: session.turns_since_step };
    if (session.mode === 'scripted' && role === 'counsellor') {
      const scenario = await selectScenario(trx, row.scenario_id);
      const ended = scenario!.steps.find((step) => step.id === position.step)?.ends ?? false;
      // After the client's goodbye the script says nothing more.
      if (!ended) {
        const reply = nextClientLine(scenario!, position, [input.body, input.card?.title ?? ''].join(' '));
        seq += 1;
        stored.push(seq);
        await trx
          .insertInto('practice_messages')
          .values({
            session_id: id,
            seq,
            author: 'client',
            author_staff_id: null,
            body: reply.message,
            step_id: reply.step,
            client_msg_id: null,
          })
          .execute();
        position = reply.position;
      }
    }
    await trx
      .updateTable('practice_sessions')
      .set({ last_seq: seq, script_step: position.step, turns_since_step: position.turnsSinceStep })
      .where('id', '=', id)
      .execute();
    return stored;
  });
  const rows = await selectMessages(db, id, seqs[0]! - 1);
  return { items: rows.filter((r) => seqs.includes(r.seq)).map(presentMessage) };
}

/** Ends a practice conversation (the counsellor, or the trainer playing the client). */
export async function finishSession(db: Db, ctx: RequestContext, id: string): Promise<Session> {
  const { role } = await sessionFor(db, ctx, id);
  if (role === 'reviewer')
    throw new AppError('practice.not_participant', 403, 'Only the participants end it');
  await db
    .updateTable('practice_sessions')
    .set({ status: 'finished', finished_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .execute();
  return readSession(db, ctx, id);
}

export async function suggestForPractice(db: Db, ctx: RequestContext, id: string) {
  const { row, actor, role } = await sessionFor(db, ctx, id);
  if (role !== 'counsellor')
    throw new AppError('practice.not_own', 403, 'Suggestions are for the counsellor');
  const latest = await db
    .selectFrom('practice_messages')
    .select(['seq', 'body'])
    .where('session_id', '=', id)
    .where('author', '=', 'client')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const lang = (suggestionLangs as readonly string[]).includes(row.language)
    ? (row.language as SuggestionLang)
    : 'fi';
  return suggestForQuestion(db, ctx, actor, lang, latest?.body ?? '', latest?.seq ?? null);
}

/**
 * A hand-over practised with the chat console's transfer dialog: recorded in the conversation
 * with whom it went to, and the practice ends there, as a real chat leaves the counsellor.
 */
export async function transferPractice(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: PracticeTransferInput,
): Promise<Session> {
  const { row, actor, role } = await sessionFor(db, ctx, id);
  if (role !== 'counsellor') throw new AppError('practice.not_own', 403, 'Only the counsellor hands over');
  if (row.status === 'finished')
    throw new AppError('practice.finished', 409, 'The practice conversation has ended');
  let transfer: PracticeTransfer | null = null;
  if (input.staffId) {
    const colleague = await db
      .selectFrom('staff')
      .select(['id', 'name'])
      .where('id', '=', input.staffId)
      .where('is_active', '=', true)
      .executeTakeFirst();
    if (colleague && colleague.id !== actor.staffId)
      transfer = { kind: 'staff', id: colleague.id, label: colleague.name };
  } else if (input.organisationId) {
    const provider = await db
      .selectFrom('organisations')
      .select(['id', 'name_fi'])
      .where('id', '=', input.organisationId)
      .executeTakeFirst();
    if (provider) transfer = { kind: 'organisation', id: provider.id, label: provider.name_fi };
  } else if (input.expertise) {
    transfer = { kind: 'expertise', id: input.expertise, label: input.expertise };
  }
  if (!transfer)
    throw new AppError('practice.transfer_target', 400, 'No such colleague or provider to hand over to');
  await db.transaction().execute(async (trx) => {
    const session = await trx
      .selectFrom('practice_sessions')
      .select(['last_seq', 'status'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (session.status === 'finished')
      throw new AppError('practice.finished', 409, 'The practice conversation has ended');
    const seq = session.last_seq + 1;
    await trx
      .insertInto('practice_messages')
      .values({
        session_id: id,
        seq,
        author: 'counsellor',
        author_staff_id: actor.staffId,
        body: input.note,
        transfer: JSON.stringify(transfer),
        step_id: null,
        client_msg_id: null,
      })
      .execute();
    await trx
      .updateTable('practice_sessions')
      .set({ last_seq: seq, status: 'finished', finished_at: new Date() })
      .where('id', '=', id)
      .execute();
  });
  return readSession(db, ctx, id);
}
