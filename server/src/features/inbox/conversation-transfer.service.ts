/* Handing a conversation to a named colleague, a provider's queue or an expertise queue. */
import { transferConversation as transferConversationTo } from '../../conversations/lifecycle.js';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { expertiseSchema } from '../../shared/vocabulary.js';
import { recordAudit } from '../../access/audit.js';
import type { RequestContext } from '../../access/request-context.js';
import type { ChatNotifier } from '../../conversations/notifier.js';
import { conversationForStaff, mayHandle } from '../../conversations/access.js';
import { autoAssign } from '../chat/routing.js';
import { selectActiveCounsellor } from './inbox.repository.js';
import { selectOrganisationById } from '../organisations/organisation.repository.js';

export const transferSchema = z.union([
  z.object({ staffId: z.uuid(), note: z.string().trim().max(1000).default('') }),
  z.object({ organisationId: z.uuid(), note: z.string().trim().max(1000).default('') }),
  z.object({ expertise: expertiseSchema, note: z.string().trim().max(1000).default('') }),
]);

/**
 * Hands an open chat to a named colleague, or back to a provider's or an expertise queue.
 * The note is kept as a staff-only note; the visitor sees that they were transferred.
 */
export async function transferConversation(
  db: Db,
  notifier: ChatNotifier,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof transferSchema>,
) {
  const { staff, conversation } = await conversationForStaff(db, ctx, id);
  if (!mayHandle(staff, conversation)) {
    await recordAudit(db, ctx, {
      action: 'conversation.transfer',
      outcome: 'denied',
      targetType: 'conversation',
      targetId: id,
      organisationId: conversation.organisation_id,
    });
    throw new AppError('auth.forbidden', 403, 'Only the counsellor handling the chat can transfer it');
  }
  if (conversation.status === 'closed')
    throw new AppError('conversation.closed', 409, 'The conversation has ended');

  let target: { id: string; name: string; organisation_id: string | null } | undefined;
  let queue: { organisationId: string | null; expertise: string | null } | undefined;
  let targetLabel: string;
  if ('staffId' in input) {
    if (input.staffId === conversation.assigned_staff_id) {
      throw new AppError('transfer.same_person', 409, 'The chat is already theirs');
    }
    target = await selectActiveCounsellor(db, input.staffId);
    if (!target) throw new AppError('transfer.target_not_found', 404, 'No such active colleague');
    targetLabel = target.name;
  } else if ('organisationId' in input) {
    const organisation = await selectOrganisationById(db, input.organisationId);
    if (!organisation?.is_active)
      throw new AppError('transfer.target_not_found', 404, 'No such active provider');
    queue = { organisationId: organisation.id, expertise: null };
    targetLabel = organisation.name_fi;
  } else {
    queue = { organisationId: null, expertise: input.expertise };
    targetLabel = input.expertise;
  }

  const seqs = await db
    .transaction()
    .execute((trx) =>
      transferConversationTo(
        trx,
        conversation,
        { staffId: staff.id },
        target ? { staff: target } : { queue: queue!, label: targetLabel },
        input.note,
      ),
    );
  if (!seqs) throw new AppError('conversation.changed', 409, 'The conversation changed meanwhile; reload it');
  await recordAudit(db, ctx, {
    action: 'conversation.transfer',
    targetType: 'conversation',
    targetId: id,
    organisationId: conversation.organisation_id,
    details: target ? { toStaffId: target.id } : { toQueue: queue },
  });
  for (const seq of seqs) notifier.message(id, seq);
  notifier.conversationChanged(id);
  if (target) notifier.assigned(target.id, id);
  else {
    notifier.queueChanged('transferred');
    await autoAssign(db, notifier);
  }
  return { id };
}
