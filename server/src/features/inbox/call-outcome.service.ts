/* Logging a call on a call-back request: no answer (try again at …), reached, wrong number, done. */
import { closeConversation } from '../../conversations/lifecycle.js';
import { z } from 'zod';
import { aboutYouSchema, readAboutYou, storeAboutYou } from '../../conversations/about-you.js';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../../access/audit.js';
import type { RequestContext } from '../../access/request-context.js';
import type { ChatNotifier } from '../../conversations/notifier.js';
import { conversationForStaff, mayHandle } from '../../conversations/access.js';
import { appendMessage } from '../../conversations/message.repository.js';
import { callOutcomes } from './inbox.types.js';
import { updateCallbackDetails } from './inbox.repository.js';

export const callOutcomeSchema = z
  .object({
    outcome: z.enum(callOutcomes),
    retryAt: z.iso.datetime({ offset: true }).optional(),
    note: z.string().trim().max(2000).optional().default(''),
    about: aboutYouSchema.optional(),
  })
  .refine((v) => v.outcome !== 'no_answer' || !!v.retryAt, {
    message: 'say when to try again',
    path: ['retryAt'],
  });

/**
 * Logs a call attempt on a call-back (and, later, on a phone appointment). No answer keeps the
 * request open until the retry time; reached, wrong number and done close it.
 */
export async function logCallOutcome(
  db: Db,
  notifier: ChatNotifier,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof callOutcomeSchema>,
) {
  const { staff, conversation } = await conversationForStaff(db, ctx, id);
  if (conversation.channel !== 'phone') {
    throw new AppError('conversation.not_phone', 409, 'Call outcomes are logged on phone conversations');
  }
  if (conversation.status === 'closed') throw new AppError('conversation.closed', 409, 'It has been closed');
  if (conversation.assigned_staff_id !== staff.id && !mayHandle(staff, conversation)) {
    throw new AppError('conversation.not_assigned', 403, 'Take the request before logging a call');
  }
  if (!mayHandle(staff, conversation)) throw new AppError('auth.forbidden', 403);
  let retryAt: Date | null = null;
  if (input.outcome === 'no_answer') {
    retryAt = new Date(input.retryAt!);
    const now = Date.now();
    if (retryAt.getTime() < now - 60_000 || retryAt.getTime() > now + 60 * 86_400_000) {
      throw new AppError('request.invalid', 400, 'retryAt: choose a time within the next 60 days', {
        fields: [{ field: 'retryAt', message: 'callback.retry_out_of_range' }],
      });
    }
  }
  const closes = input.outcome !== 'no_answer';
  const attempt = {
    outcome: input.outcome,
    at: new Date().toISOString(),
    by: staff.name,
    retryAt: retryAt?.toISOString() ?? null,
    note: input.note,
  };
  const { about, warnings } = readAboutYou(input.about);
  const seq = await db.transaction().execute(async (trx) => {
    await storeAboutYou(trx, id, about);
    const details = conversation.details as { callback?: { attempts?: unknown[] } };
    const callback = details.callback ?? {};
    const nextDetails = {
      ...details,
      callback: { ...callback, attempts: [...(callback.attempts ?? []), attempt].slice(-50) },
    };
    await updateCallbackDetails(trx, id, {
      details: nextDetails,
      waitUntil: closes ? undefined : retryAt,
      firstResponse: input.outcome === 'reached' && !conversation.first_response_at,
    });
    const { message } = await appendMessage(trx, {
      conversationId: id,
      kind: 'event',
      authorType: 'system',
      authorStaffId: staff.id,
      eventType: 'call_outcome',
      body: input.note,
      details: { outcome: input.outcome, retryAt: attempt.retryAt, note: input.note, byStaffId: staff.id },
    });
    if (!closes) return message.seq;
    const closedSeq = await closeConversation(trx, id, {
      outcome: input.outcome === 'wrong_number' ? 'client_unreachable' : 'answered',
      event: { type: 'closed', details: { byStaffId: staff.id } },
    });
    return closedSeq ?? message.seq;
  });
  notifier.message(id, seq);
  notifier.conversationChanged(id);
  await recordAudit(db, ctx, {
    action: 'callback.outcome',
    targetType: 'conversation',
    targetId: id,
    organisationId: conversation.organisation_id,
    details: { outcome: input.outcome },
  });
  return {
    id,
    status: closes ? 'closed' : 'waiting',
    dueAt: retryAt?.toISOString() ?? conversation.due_at?.toISOString() ?? null,
    ...(warnings.length ? { warnings } : {}),
  };
}
