/** The chat console's services: the queue, own chats, accepting a chat, presence, colleagues. */
import { presentInboxItem } from '../../conversations/staff-view.js';
import { staffProfile, conversationForStaff, canTakeFromQueue } from '../../conversations/access.js';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { expertiseAreas } from '../../shared/vocabulary.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import type { ChatNotifier } from '../../conversations/notifier.js';
import { chatLanguages, chatTopics, closeTopics, outcomes } from '../../conversations/vocabulary.js';
import { presenceStatuses } from './chat.table.js';
import { autoAssign, queuePositions } from './routing.js';
import { assignFromQueue } from '../../conversations/lifecycle.js';
import {
  selectActiveOrganisations,
  selectColleagues,
  selectOpenChatItems,
  selectPresence,
  selectQueuedChatItems,
  upsertLastSeen,
  upsertPresence,
} from './chat-console.repository.js';
import { countActiveChats } from './queue.repository.js';

export const queueFilterSchema = z.object({
  topic: z.enum(chatTopics).optional().catch(undefined),
  language: z.enum(chatLanguages).optional().catch(undefined),
});

/** Queued chats the staff member may take, oldest first, with how well each fits them. */
export async function listQueue(db: Db, ctx: RequestContext, filter: z.infer<typeof queueFilterSchema>) {
  const actor = authorize(ctx.actor, 'chat.handle');
  const staff = await staffProfile(db, actor);
  const [rows, positions] = await Promise.all([selectQueuedChatItems(db, filter), queuePositions(db)]);
  return rows
    .filter((row) => canTakeFromQueue(staff, row))
    .map((row) => presentInboxItem(row, staff, positions.get(row.id)));
}

/** The staff member's own open chats. */
export async function listMine(db: Db, ctx: RequestContext) {
  const actor = authorize(ctx.actor, 'chat.handle');
  const rows = await selectOpenChatItems(db, actor.staffId);
  return rows.map((row) => presentInboxItem(row));
}

export async function acceptConversation(db: Db, notifier: ChatNotifier, ctx: RequestContext, id: string) {
  const { staff, conversation } = await conversationForStaff(db, ctx, id);
  if (conversation.channel !== 'chat')
    throw new AppError('conversation.not_chat', 409, 'Only chats are accepted here');
  if (conversation.status !== 'queued')
    throw new AppError('conversation.already_taken', 409, 'Someone took this chat already');
  const presence = await selectPresence(db, staff.id);
  const active = await countActiveChats(db, staff.id);
  if (active >= (presence?.max_chats ?? 3)) {
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
  const row = await selectPresence(db, actor.staffId);
  return { status: row?.status ?? 'offline', maxChats: row?.max_chats ?? 3 };
}

export async function setPresence(
  db: Db,
  notifier: ChatNotifier,
  ctx: RequestContext,
  input: z.infer<typeof presenceSchema>,
) {
  const actor = authorize(ctx.actor, 'chat.handle');
  await upsertPresence(db, actor.staffId, input);
  notifier.queueChanged('presence');
  if (input.status === 'available') await autoAssign(db, notifier);
  return input;
}

/** Marks console connections as present; called by the staff sockets' heartbeat. */
export async function touchPresence(db: Db, staffIds: string[]): Promise<void> {
  if (!staffIds.length) return;
  await upsertLastSeen(db, staffIds);
}

/** Transfer targets: colleagues (with whether they are online now), providers, expertise queues. */
export async function listColleagues(db: Db, ctx: RequestContext) {
  const actor = authorize(ctx.actor, 'chat.handle');
  const [staff, organisations] = await Promise.all([
    selectColleagues(db, actor.staffId),
    selectActiveOrganisations(db),
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
