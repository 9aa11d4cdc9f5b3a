/* Closing conversations from the inbox: one with its topic and outcome, or several at once. */
import {
  closeConversation as closeOpenConversation,
  recordClosingOutcome,
} from '../../conversations/lifecycle.js';
import { z } from 'zod';
import { aboutYouSchema, readAboutYou, storeAboutYou } from '../../conversations/about-you.js';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../../access/audit.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import type { ChatNotifier } from '../../conversations/notifier.js';
import { closeTopics, outcomes } from '../../conversations/vocabulary.js';
import { conversationForStaff, mayHandle, maySee, staffProfile } from '../../conversations/access.js';
import { autoAssign } from '../chat/routing.js';
import { selectConversationsByIds } from './inbox.repository.js';

export const closeSchema = z.object({
  topic: z.enum(closeTopics),
  outcome: z.enum(outcomes),
  /** What the counsellor learnt of the client's group and home municipality, if anything. */
  about: aboutYouSchema.optional(),
});

/** Closes with topic and outcome; on a chat the visitor already left, records them. */
export async function closeConversation(
  db: Db,
  notifier: ChatNotifier,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof closeSchema>,
) {
  const { staff, conversation } = await conversationForStaff(db, ctx, id);
  if (!mayHandle(staff, conversation) && conversation.status !== 'queued') {
    throw new AppError('auth.forbidden', 403, 'Only the counsellor handling the chat can close it');
  }
  if (conversation.status === 'closed' && conversation.outcome && conversation.outcome !== 'client_left') {
    throw new AppError('conversation.closed', 409, 'The conversation has ended');
  }
  const wasQueued = conversation.status === 'queued';
  const { about, warnings } = readAboutYou(input.about);
  const seq = await db.transaction().execute(async (trx) => {
    await storeAboutYou(trx, id, about);
    const closed =
      conversation.status === 'closed'
        ? undefined
        : await closeOpenConversation(trx, id, {
            outcome: input.outcome,
            topic: input.topic,
            event: { type: 'closed', details: { byStaffId: staff.id } },
          });
    // Closed already (the visitor left, maybe just now): the counsellor's topic and outcome.
    if (closed === undefined) await recordClosingOutcome(trx, id, input);
    return closed ?? undefined;
  });
  if (seq !== undefined) notifier.message(id, seq);
  notifier.conversationChanged(id);
  if (wasQueued) notifier.queueChanged('closed');
  await autoAssign(db, notifier);
  return { id, ...(warnings.length ? { warnings } : {}) };
}

export const bulkCloseSchema = z.object({
  ids: z.array(z.uuid()).min(1, 'choose at least one conversation').max(100),
  topic: z.enum(closeTopics).optional(),
  outcome: z.enum(outcomes),
});

/**
 * Closes several conversations at once. Each is checked on its own (the same rule as closing
 * one); those the staff member may not close are reported, never silently skipped.
 */
export async function bulkClose(
  db: Db,
  notifier: ChatNotifier,
  ctx: RequestContext,
  input: z.infer<typeof bulkCloseSchema>,
): Promise<{ closed: string[]; refused: { id: string; code: string }[] }> {
  const actor = authorize(ctx.actor, 'chat.handle');
  const staff = await staffProfile(db, actor);
  const ids = [...new Set(input.ids)];
  const rows = await selectConversationsByIds(db, ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const closed: string[] = [];
  const refused: { id: string; code: string }[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    if (!row || !maySee(staff, row)) {
      refused.push({ id, code: 'conversation.not_found' });
      continue;
    }
    if (row.status === 'closed') {
      refused.push({ id, code: 'conversation.closed' });
      continue;
    }
    if (!mayHandle(staff, row) && row.status !== 'queued') {
      refused.push({ id, code: 'auth.forbidden' });
      continue;
    }
    const seq = await db.transaction().execute((trx) =>
      closeOpenConversation(trx, id, {
        outcome: input.outcome,
        topic: input.topic ?? row.topic ?? 'other',
        handledBy: staff.id,
        event: { type: 'closed', details: { byStaffId: staff.id, bulk: true } },
      }),
    );
    if (seq === undefined || seq === null) {
      refused.push({ id, code: 'conversation.closed' });
      continue;
    }
    closed.push(id);
    notifier.message(id, seq);
    notifier.conversationChanged(id);
  }
  if (closed.length) {
    await recordAudit(db, ctx, {
      action: 'conversation.bulk_close',
      details: { closed: closed.length, refused: refused.length, outcome: input.outcome },
    });
    notifier.queueChanged('closed');
    await autoAssign(db, notifier);
  }
  return { closed, refused };
}
