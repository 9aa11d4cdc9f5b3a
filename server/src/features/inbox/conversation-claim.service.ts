/* Taking an email, call-back or web-form conversation from the queue. */
import { claimConversation as claimConversationFor } from '../../conversations/lifecycle.js';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import type { RequestContext } from '../../access/request-context.js';
import type { ChatNotifier } from '../../conversations/notifier.js';
import { conversationForStaff } from '../../conversations/access.js';

/** Takes an email, call-back or web-form conversation from the queue (chats are accepted instead). */
export async function claimConversation(db: Db, notifier: ChatNotifier, ctx: RequestContext, id: string) {
  const { staff, conversation } = await conversationForStaff(db, ctx, id);
  if (conversation.channel === 'chat') {
    throw new AppError('conversation.is_chat', 409, 'Chats are accepted in the chat view');
  }
  if (conversation.status === 'closed') throw new AppError('conversation.closed', 409, 'It has been closed');
  if (conversation.assigned_staff_id && conversation.assigned_staff_id !== staff.id) {
    throw new AppError('conversation.already_taken', 409, 'Someone has taken this already');
  }
  const seq = await db.transaction().execute((trx) => claimConversationFor(trx, conversation, staff));
  if (seq === undefined)
    throw new AppError('conversation.already_taken', 409, 'Someone has taken this already');
  if (seq !== null) {
    notifier.message(id, seq);
    notifier.conversationChanged(id);
    notifier.queueChanged('claimed');
  }
  return { id };
}
