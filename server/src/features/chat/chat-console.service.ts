import { presentInboxItem, withNames } from '../../conversations/staff-view.js';
import { staffProfile, conversationForStaff, canTakeFromQueue } from '../../conversations/access.js';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { expertiseAreas } from '../../shared/vocabulary.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import type { ChatNotifier } from '../../conversations/notifier.js';
import {
  PRESENCE_STALE_SECONDS,
  chatLanguages,
  chatTopics,
  closeTopics,
  outcomes,
} from '../../conversations/vocabulary.js';
import { presenceStatuses, type PresenceStatus } from './chat.table.js';
import { autoAssign, queuePositions } from './routing.js';
import { assignFromQueue } from '../../conversations/lifecycle.js';

export const queueFilterSchema = z.object({
  topic: z.enum(chatTopics).optional().catch(undefined),
  language: z.enum(chatLanguages).optional().catch(undefined),
});

/** Queued chats the staff member may take, oldest first, with how well each fits them. */
export async function listQueue(db: Db, ctx: RequestContext, filter: z.infer<typeof queueFilterSchema>) {
  const actor = authorize(ctx.actor, 'chat.handle');
  const staff = await staffProfile(db, actor);
  let query = withNames(db).where('c.status', '=', 'queued').where('c.channel', '=', 'chat');
  if (filter.topic) query = query.where('c.topic', '=', filter.topic);
  if (filter.language) query = query.where('c.language', '=', filter.language);
  const [rows, positions] = await Promise.all([
    query.orderBy('c.queued_at').limit(200).execute(),
    queuePositions(db),
  ]);
  return rows
    .filter((row) => canTakeFromQueue(staff, row))
    .map((row) => presentInboxItem(row, staff, positions.get(row.id)));
}

/** The staff member's own open chats. */
export async function listMine(db: Db, ctx: RequestContext) {
  const actor = authorize(ctx.actor, 'chat.handle');
  const rows = await withNames(db)
    .where('c.assigned_staff_id', '=', actor.staffId)
    .where('c.status', 'in', ['active', 'waiting'])
    // Email and call-backs taken by the counsellor are in the unified inbox, not among the chats.
    .where('c.channel', '=', 'chat')
    .orderBy('c.assigned_at')
    .execute();
  return rows.map((row) => presentInboxItem(row));
}

export async function acceptConversation(db: Db, notifier: ChatNotifier, ctx: RequestContext, id: string) {
  const { staff, conversation } = await conversationForStaff(db, ctx, id);
  if (conversation.channel !== 'chat')
    throw new AppError('conversation.not_chat', 409, 'Only chats are accepted here');
  if (conversation.status !== 'queued')
    throw new AppError('conversation.already_taken', 409, 'Someone took this chat already');
  const presence = await db
    .selectFrom('staff_presence')
    .select('max_chats')
    .where('staff_id', '=', staff.id)
    .executeTakeFirst();
  const active = await db
    .selectFrom('conversations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('assigned_staff_id', '=', staff.id)
    .where('status', 'in', ['active', 'waiting'])
    .where('channel', '=', 'chat')
    .executeTakeFirstOrThrow();
  if (Number(active.n) >= (presence?.max_chats ?? 3)) {
    throw new AppError('chat.at_capacity', 409, 'You have as many chats as your maximum allows');
  }
  const row = await db.transaction().execute((trx) => assignFromQueue(trx, id, staff));
  if (!row) throw new AppError('conversation.already_taken', 409, 'Someone took this chat already');
  notifier.message(id, row.last_seq + 1);
  notifier.conversationChanged(id);
  notifier.queueChanged('accepted');
  notifier.assigned(staff.id, id);
  return { id };
}

export const presenceSchema = z.object({
  status: z.enum(presenceStatuses),
  maxChats: z.number().int().min(1).max(10),
});

export async function readPresence(db: Db, ctx: RequestContext) {
  const actor = authorize(ctx.actor, 'chat.handle');
  const row = await db
    .selectFrom('staff_presence')
    .select(['status', 'max_chats', 'last_seen_at'])
    .where('staff_id', '=', actor.staffId)
    .executeTakeFirst();
  return { status: row?.status ?? 'offline', maxChats: row?.max_chats ?? 3 };
}

export async function setPresence(
  db: Db,
  notifier: ChatNotifier,
  ctx: RequestContext,
  input: z.infer<typeof presenceSchema>,
) {
  const actor = authorize(ctx.actor, 'chat.handle');
  await db
    .insertInto('staff_presence')
    .values({ staff_id: actor.staffId, status: input.status, max_chats: input.maxChats })
    .onConflict((oc) =>
      oc.column('staff_id').doUpdateSet({
        status: input.status,
        max_chats: input.maxChats,
        last_seen_at: sql<Date>`now()`,
        updated_at: sql<Date>`now()`,
      }),
    )
    .execute();
  notifier.queueChanged('presence');
  if (input.status === 'available') await autoAssign(db, notifier);
  return input;
}

/** Marks console connections as present; called by the staff sockets' heartbeat. */
export async function touchPresence(db: Db, staffIds: string[]): Promise<void> {
  if (!staffIds.length) return;
  await db
    .insertInto('staff_presence')
    .values(staffIds.map((id) => ({ staff_id: id })))
    .onConflict((oc) => oc.column('staff_id').doUpdateSet({ last_seen_at: sql<Date>`now()` }))
    .execute();
}

/** Transfer targets: colleagues (with whether they are online now), providers, expertise queues. */
export async function listColleagues(db: Db, ctx: RequestContext) {
  const actor = authorize(ctx.actor, 'chat.handle');
  const [staff, organisations] = await Promise.all([
    db
      .selectFrom('staff as s')
      .leftJoin('staff_presence as p', 'p.staff_id', 's.id')
      .leftJoin('organisations as o', 'o.id', 's.organisation_id')
      .select([
        's.id',
        's.name',
        's.organisation_id',
        'o.name_fi as organisation_name',
        's.languages',
        's.expertise',
        sql<PresenceStatus>`case when p.last_seen_at > now() - make_interval(secs => ${PRESENCE_STALE_SECONDS}) then p.status else 'offline' end`.as(
          'status',
        ),
      ])
      .where('s.is_active', '=', true)
      .where('s.role', 'in', ['counsellor', 'org_admin', 'admin'])
      .where('s.id', '<>', actor.staffId)
      .orderBy('s.name')
      .execute(),
    db
      .selectFrom('organisations')
      .select(['id', 'name_fi', 'name_sv', 'name_en'])
      .where('is_active', '=', true)
      .orderBy('name_fi')
      .execute(),
  ]);
  return {
    staff: staff.map((s) => ({
      id: s.id,
      name: s.name,
      organisationId: s.organisation_id,
      organisationName: s.organisation_name,
      languages: s.languages,
      expertise: s.expertise,
      status: s.status,
    })),
    organisations: organisations.map((o) => ({
      id: o.id,
      name: { fi: o.name_fi, sv: o.name_sv, en: o.name_en },
    })),
    expertise: expertiseAreas,
    topics: closeTopics,
    outcomes,
  };
}
