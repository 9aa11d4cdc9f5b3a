/** A video call inside a chat: the counsellor's offer and the visitor's answer. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import type { UiLang } from '../../shared/urls/article-urls.js';
import { recordAudit } from '../../access/audit.js';
import type { RequestContext } from '../../access/request-context.js';
import { meetingUrl, videoCallToken } from '../../conversations/link-tokens.js';
import type { ChatNotifier } from '../../conversations/notifier.js';
import { sha256 } from '../../shared/secrets.js';
import type { ConversationRow } from '../../conversations/conversation.table.js';
import { conversationForStaff } from '../../conversations/access.js';
import { appendMessage } from '../../conversations/message.repository.js';
import {
  insertVideoCall,
  selectOpenVideoCallOffer,
  selectVideoCallOfConversation,
  updateVideoCallAnswer,
} from './video-call.repository.js';

/** How long the meeting link of a video call offered in a chat works. */
export const VIDEO_CALL_TTL_MS = 2 * 60 * 60_000;

export const videoAnswerSchema = z
  .object({
    answer: z.enum(['accept', 'decline']),
    lang: z.enum(['fi', 'sv', 'en']).default('fi'),
  })
  .strict();
export type VideoAnswer = z.infer<typeof videoAnswerSchema>;

export interface VideoCallOffer {
  id: string;
  status: 'offered' | 'accepted' | 'declined';
  expiresAt: string;
  /** The counsellor's way in: the console meeting page. */
  joinPath: string;
}

const notFound = () => new AppError('video_call.not_found', 404, 'No such video call');
export const consoleVideoPath = (id: string) => `/console/chat/video/${id}`;

const isLive = (conversation: Pick<ConversationRow, 'status'>) =>
  conversation.status === 'active' || conversation.status === 'waiting';

/**
 * The assigned counsellor offers a video call in an open chat: a system event in the chat stream
 * carries the offer to the visitor's widget. An offer still open is returned instead of a second.
 */
export async function offerVideoCall(
  db: Db,
  notifier: ChatNotifier,
  ctx: RequestContext,
  conversationId: string,
  now = new Date(),
): Promise<VideoCallOffer> {
  const { conversation, actor } = await conversationForStaff(db, ctx, conversationId);
  if (conversation.channel !== 'chat') {
    throw new AppError('video_call.not_chat', 409, 'A video call is offered in a chat');
  }
  if (conversation.status === 'closed') throw new AppError('conversation.closed', 409, 'The chat has ended');
  if (conversation.assigned_staff_id !== actor.staffId || !isLive(conversation)) {
    throw new AppError('video_call.not_assigned', 403, 'Only the counsellor of the chat offers a video call');
  }
  const open = await selectOpenVideoCallOffer(db, conversation.id, actor.staffId, now);
  if (open) {
    return {
      id: open.id,
      status: open.status,
      expiresAt: open.expires_at.toISOString(),
      joinPath: consoleVideoPath(open.id),
    };
  }
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + VIDEO_CALL_TTL_MS);
  const tokenHash = sha256(await videoCallToken(db, id));
  const seq = await db.transaction().execute(async (trx) => {
    await insertVideoCall(trx, {
      id,
      conversation_id: conversation.id,
      staff_id: actor.staffId,
      token_hash: tokenHash,
      offered_at: now,
      expires_at: expiresAt,
    });
    const { message } = await appendMessage(trx, {
      conversationId: conversation.id,
      kind: 'event',
      authorType: 'system',
      eventType: 'video_offered',
      details: { videoCallId: id, expiresAt: expiresAt.toISOString(), byStaffId: actor.staffId },
      openOnly: true,
    });
    return message.seq;
  });
  await recordAudit(db, ctx, {
    action: 'conversation.video_offer',
    targetType: 'conversation',
    targetId: conversation.id,
    organisationId: conversation.organisation_id,
    details: { videoCallId: id },
  });
  notifier.message(conversation.id, seq);
  return { id, status: 'offered', expiresAt: expiresAt.toISOString(), joinPath: consoleVideoPath(id) };
}

/**
 * The visitor's answer to an offer. Accepting returns the meeting link (the same one again on a
 * second accept, e.g. after the tab was closed); declining is recorded as an event in the chat.
 */
export async function answerVideoCall(
  db: Db,
  notifier: ChatNotifier,
  publicUrl: string,
  conversation: ConversationRow,
  videoCallId: string,
  input: VideoAnswer,
  now = new Date(),
): Promise<{ status: 'accepted' | 'declined'; url: string | null; expiresAt: string }> {
  if (!z.uuid().safeParse(videoCallId).success) throw notFound();
  const call = await selectVideoCallOfConversation(db, videoCallId, conversation.id);
  if (!call) throw notFound();
  if (!isLive(conversation)) throw new AppError('conversation.closed', 409, 'The chat has ended');
  if (call.expires_at.getTime() <= now.getTime()) {
    throw new AppError('video_call.expired', 410, 'The video call offer has expired');
  }
  const expiresAt = call.expires_at.toISOString();
  if (input.answer === 'decline') {
    if (call.status === 'accepted') {
      throw new AppError('video_call.accepted', 409, 'The video call was already accepted');
    }
    if (call.status === 'offered') await answer(db, notifier, call, 'declined', now);
    return { status: 'declined', url: null, expiresAt };
  }
  if (call.status === 'declined') {
    throw new AppError('video_call.declined', 409, 'The video call offer was declined');
  }
  if (call.status === 'offered') await answer(db, notifier, call, 'accepted', now);
  const token = await videoCallToken(db, call.id);
  return { status: 'accepted', url: meetingUrl(publicUrl, input.lang as UiLang, token), expiresAt };
}

async function answer(
  db: Db,
  notifier: ChatNotifier,
  call: { id: string; conversation_id: string },
  status: 'accepted' | 'declined',
  now: Date,
) {
  const seq = await db.transaction().execute(async (trx) => {
    // Only the first answer counts: two tabs answering at once write one event.
    const changed = await updateVideoCallAnswer(trx, call.id, status, now);
    if (!changed) return null;
    const { message } = await appendMessage(trx, {
      conversationId: call.conversation_id,
      kind: 'event',
      authorType: 'system',
      eventType: status === 'accepted' ? 'video_accepted' : 'video_declined',
      details: { videoCallId: call.id },
      openOnly: true,
    });
    return message.seq;
  });
  if (seq !== null) notifier.message(call.conversation_id, seq);
}
